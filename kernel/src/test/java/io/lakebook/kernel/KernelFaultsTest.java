package io.lakebook.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.faults.Calls;
import io.lakebook.emulator.faults.Rule;
import io.lakebook.emulator.faults.Trials;
import io.lakebook.kernel.testing.KernelFixture;
import io.lakebook.kernel.testing.WireClient;
import io.lakebook.kernel.testing.WireClient.Channel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel on real sockets, its session on the emulated workspace while a fault is switched on: the front end
 * gets the cell's real reply after an outage, and a clear error reply (never silence) when a command hangs.
 */
class KernelFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EXECUTE = "/api/1.2/commands/execute";
    private static Emulator emulator;
    private KernelFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @AfterEach
    void stopKernel() {
        emulator.faults().clear();
        if (fixture != null) {
            fixture.close();
        }
    }

    private WireClient start() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
        fixture = new KernelFixture(() -> {
            RemoteSession session = (RemoteSession) RemoteSession.open(dir, env);
            session.cancelWait(Duration.ofSeconds(1));
            return session;
        });
        return fixture.client;
    }

    private static Map<String, Object> cell(String code) {
        return Map.of("code", code, "silent", false, "store_history", true, "user_expressions", Map.of(),
                "allow_stdin", false, "stop_on_error", true);
    }

    private static long ran(String code) {
        return emulator.requests().stream().filter(call -> call.path().equals(EXECUTE) && call.succeeded()
                && call.command().equals(code)).count();
    }

    private static JsonNode execute(WireClient client, String code) {
        String id = client.send(Channel.SHELL, "execute_request", cell(code));
        JsonNode reply = client.reply(Channel.SHELL, id, WAIT);
        client.iopubUntilIdle(id, WAIT);
        return reply;
    }

    @Test
    void aBurstOf503sDuringACellEndsWithItsRealReplyAndOutputs() {
        WireClient client = start();
        assertEquals("ok", execute(client, "1").at("/content/status").asText());
        String code = "import time\ntime.sleep(1)\nprint('after the burst')\n6 * 7";
        String id = client.send(Channel.SHELL, "execute_request", cell(code));
        await().atMost(WAIT).until(() -> ran(code) == 1);
        Rule burst = emulator.faults().on(Calls.api()).lasting(Duration.ofSeconds(4))
                .unavailable(Optional.of(Duration.ofSeconds(1)));

        JsonNode reply = client.reply(Channel.SHELL, id, WAIT);
        List<JsonNode> published = client.iopubUntilIdle(id, WAIT);

        assertEquals("ok", reply.at("/content/status").asText(), reply.toString());
        assertTrue(published.stream().anyMatch(m -> m.at("/content/text").asText().equals("after the burst\n")),
                published.toString());
        assertTrue(published.stream().anyMatch(m -> m.at("/content/data/text~1plain").asText().equals("42")),
                published.toString());
        assertEquals(1, ran(code), "the cell ran once");
        Trials.record("kernel", "HTTP 503 with Retry-After: 1 on every call for 4 s during a cell", burst.fired(),
                "execute_reply ok with the cell's stream and execute_result", "nothing (the cell ran once)");
    }

    /** A command that ignores its interrupt: the front end gets an error reply, and the next cell runs. */
    @Test
    void anInterruptedCommandThatHangsEndsWithAnErrorReplyAndTheKernelGoesOn() {
        WireClient client = start();
        execute(client, "1");
        emulator.faults().stickCommands(code -> code.contains("hangs_in_kernel"));
        String code = "print('hangs_in_kernel')";
        String id = client.send(Channel.SHELL, "execute_request", cell(code));
        await().atMost(WAIT).until(() -> ran(code) == 1);

        String interrupt = client.send(Channel.CONTROL, "interrupt_request", Map.of());
        assertEquals("ok", client.reply(Channel.CONTROL, interrupt, Duration.ofSeconds(5)).at("/content/status")
                .asText());
        JsonNode reply = client.reply(Channel.SHELL, id, Duration.ofSeconds(20));

        assertEquals("error", reply.at("/content/status").asText());
        assertEquals("CommandNotStopped", reply.at("/content/ename").asText());
        assertTrue(reply.at("/content/evalue").asText().contains("%lakebook restart"), reply.toString());
        JsonNode next = execute(client, "'next'");
        assertEquals("ok", next.at("/content/status").asText(), next.toString());
        assertTrue(client.heartbeatEchoes(Duration.ofSeconds(2)));
        Trials.record("kernel", "a command stuck in Running that ignores the interrupt", 1, "execute_reply error "
                + "CommandNotStopped naming %lakebook restart; the next cell ran in a fresh context",
                "earlier variables, said so");
    }

    @Test
    void aContextEvictedBetweenCellsIsSaidOnStderrAndTheCellRunsOnce() {
        WireClient client = start();
        execute(client, "kept = 1");
        String context = emulator.liveContextIds(emulator.defaultClusterId()).stream()
                .filter(id -> emulator.requests().stream().anyMatch(call -> call.contextId().equals(id)
                        && call.command().equals("kept = 1"))).findFirst().orElseThrow();
        emulator.faults().evictContext(context);

        String code = "print('fresh')";
        String id = client.send(Channel.SHELL, "execute_request", cell(code));
        JsonNode reply = client.reply(Channel.SHELL, id, WAIT);
        List<JsonNode> published = client.iopubUntilIdle(id, WAIT);

        assertEquals("ok", reply.at("/content/status").asText());
        assertTrue(published.stream().anyMatch(m -> m.at("/content/name").asText().equals("stderr")
                && m.at("/content/text").asText().startsWith("Remote state was lost")), published.toString());
        assertEquals(1, ran(code));
    }
}
