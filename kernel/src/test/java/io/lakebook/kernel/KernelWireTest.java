package io.lakebook.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.kernel.testing.FakeSession;
import io.lakebook.kernel.testing.KernelFixture;
import io.lakebook.kernel.testing.WireClient;
import io.lakebook.kernel.testing.WireClient.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel in this JVM, a fake session behind it, and a front end speaking the wire protocol over jeromq. */
class KernelWireTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeSession session = new FakeSession();
    private KernelFixture fixture;

    @AfterEach
    void stopKernel() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private WireClient start() {
        fixture = new KernelFixture(() -> session);
        return fixture.client;
    }

    private static Map<String, Object> cell(String code) {
        return Map.of("code", code, "silent", false, "store_history", true, "user_expressions", Map.of(),
                "allow_stdin", false, "stop_on_error", true);
    }

    private static List<String> types(List<JsonNode> messages) {
        return messages.stream().map(m -> m.at("/header/msg_type").asText()).toList();
    }

    @Test
    void answersKernelInfoAsAPythonKernelSpeaking53() {
        WireClient client = start();
        String id = client.send(Channel.SHELL, "kernel_info_request", Map.of());

        JsonNode reply = client.reply(Channel.SHELL, id, WAIT);
        assertEquals("kernel_info_reply", reply.at("/header/msg_type").asText());
        assertEquals("5.3", reply.at("/content/protocol_version").asText());
        assertEquals("5.3", reply.at("/header/version").asText());
        assertEquals("lakebook", reply.at("/content/implementation").asText());
        assertEquals("python", reply.at("/content/language_info/name").asText());
        assertEquals(".py", reply.at("/content/language_info/file_extension").asText());
        assertEquals("ipython", reply.at("/content/language_info/codemirror_mode/name").asText());
        assertEquals(List.of("status", "status"), types(client.iopubUntilIdle(id, WAIT)));
    }

    @Test
    void dropsAWronglySignedMessageAndAnswersTheNextGoodOne() {
        WireClient client = start();
        client.sendForged(Channel.SHELL, "kernel_info_request", Map.of());
        assertTrue(client.receive(Channel.SHELL, Duration.ofMillis(500)).isEmpty(), "a forged request got a reply");

        String id = client.send(Channel.SHELL, "kernel_info_request", Map.of());
        assertEquals("kernel_info_reply", client.reply(Channel.SHELL, id, WAIT).at("/header/msg_type").asText());
    }

    @Test
    void dropsFramesWithoutTheDelimiterAndKeepsServing() {
        WireClient client = start();
        client.sendFrames(Channel.SHELL, List.of("not".getBytes(StandardCharsets.UTF_8),
                "jupyter".getBytes(StandardCharsets.UTF_8)));
        client.sendFrames(Channel.CONTROL, List.of("{".getBytes(StandardCharsets.UTF_8)));

        String id = client.send(Channel.SHELL, "kernel_info_request", Map.of());
        assertEquals("ok", client.reply(Channel.SHELL, id, WAIT).at("/content/status").asText());
        String controlId = client.send(Channel.CONTROL, "kernel_info_request", Map.of());
        assertEquals("ok", client.reply(Channel.CONTROL, controlId, WAIT).at("/content/status").asText());
    }

    @Test
    void heartbeatEchoesWhileACellRuns() {
        WireClient client = start();
        client.send(Channel.SHELL, "execute_request", cell("sleep"));
        await().atMost(WAIT).until(() -> session.executed.contains("sleeping"));

        assertTrue(client.heartbeatEchoes(Duration.ofSeconds(2)));
        client.send(Channel.CONTROL, "interrupt_request", Map.of());
    }

    @Test
    void executePublishesBusyInputOutputsIdleInOrderUnderTheRequest() {
        WireClient client = start();
        String id = client.send(Channel.SHELL, "execute_request", cell("print('hello, world')"));
        JsonNode reply = client.reply(Channel.SHELL, id, WAIT);
        List<JsonNode> iopub = client.iopubUntilIdle(id, WAIT);

        assertEquals(List.of("status", "execute_input", "stream", "status"), types(iopub));
        assertEquals("busy", iopub.get(0).at("/content/execution_state").asText());
        assertEquals("print('hello, world')", iopub.get(1).at("/content/code").asText());
        assertEquals("hello, world\n", iopub.get(2).at("/content/text").asText());
        assertEquals("stdout", iopub.get(2).at("/content/name").asText());
        assertEquals("ok", reply.at("/content/status").asText());
        assertEquals(1, reply.at("/content/execution_count").asInt());
        assertTrue(reply.at("/content/payload").isArray());
    }

    @Test
    void expressionValueIsAnExecuteResultWithTheCellsNumber() {
        WireClient client = start();
        client.reply(Channel.SHELL, client.send(Channel.SHELL, "execute_request", cell("print('a')")), WAIT);
        String id = client.send(Channel.SHELL, "execute_request", cell("41 + 1"));
        assertEquals(2, client.reply(Channel.SHELL, id, WAIT).at("/content/execution_count").asInt());

        JsonNode result = client.iopubUntilIdle(id, WAIT).stream()
                .filter(m -> m.at("/header/msg_type").asText().equals("execute_result")).findFirst().orElseThrow();
        assertEquals("41 + 1", result.at("/content/data/text~1plain").asText());
        assertEquals(2, result.at("/content/execution_count").asInt());
    }

    @Test
    void failedCellRepliesErrorAndAbortsTheCellsQueuedBehindIt() {
        session.delay(300);
        WireClient client = start();
        String failing = client.send(Channel.SHELL, "execute_request", cell("1/0"));
        String second = client.send(Channel.SHELL, "execute_request", cell("print('2')"));
        String third = client.send(Channel.SHELL, "execute_request", cell("print('3')"));

        JsonNode error = client.reply(Channel.SHELL, failing, WAIT);
        assertEquals("error", error.at("/content/status").asText());
        assertEquals("ZeroDivisionError", error.at("/content/ename").asText());
        assertEquals("division by zero", error.at("/content/evalue").asText());
        assertEquals("aborted", client.reply(Channel.SHELL, second, WAIT).at("/content/status").asText());
        assertEquals("aborted", client.reply(Channel.SHELL, third, WAIT).at("/content/status").asText());
        assertEquals(List.of("1/0"), session.executed);

        List<String> published = types(client.iopubUntilIdle(failing, WAIT));
        assertEquals(List.of("status", "execute_input", "stream", "error", "status"), published);
        String after = client.send(Channel.SHELL, "execute_request", cell("print('after')"));
        assertEquals("ok", client.reply(Channel.SHELL, after, WAIT).at("/content/status").asText());
    }

    @Test
    void failedCellWithoutStopOnErrorLetsTheNextOneRun() {
        session.delay(300);
        WireClient client = start();
        Map<String, Object> failing = new HashMap<>(cell("1/0"));
        failing.put("stop_on_error", false);
        client.send(Channel.SHELL, "execute_request", failing);
        String next = client.send(Channel.SHELL, "execute_request", cell("print('next')"));

        assertEquals("ok", client.reply(Channel.SHELL, next, WAIT).at("/content/status").asText());
    }

    /** remote-kernels §B D8: a silent request shows nothing, not even progress, and takes no number. */
    @Test
    void silentCellPublishesNothingAndTakesNoNumber() {
        WireClient client = start();
        Map<String, Object> silent = new HashMap<>(cell("print('quiet')"));
        silent.put("silent", true);
        String id = client.send(Channel.SHELL, "execute_request", silent);

        assertEquals(0, client.reply(Channel.SHELL, id, WAIT).at("/content/execution_count").asInt());
        assertEquals(List.of("status", "status"), types(client.iopubUntilIdle(id, WAIT)));
        assertEquals(List.of("print('quiet')"), session.executed);
    }

    @Test
    void interruptEndsTheRunningCellWithKeyboardInterruptAndTheKernelGoesOn() {
        WireClient client = start();
        String running = client.send(Channel.SHELL, "execute_request", cell("sleep"));
        await().atMost(WAIT).until(() -> session.executed.contains("sleeping"));

        String interrupt = client.send(Channel.CONTROL, "interrupt_request", Map.of());
        assertEquals("ok", client.reply(Channel.CONTROL, interrupt, Duration.ofSeconds(2)).at("/content/status")
                .asText());
        JsonNode reply = client.reply(Channel.SHELL, running, Duration.ofSeconds(2));
        assertEquals("error", reply.at("/content/status").asText());
        assertEquals("KeyboardInterrupt", reply.at("/content/ename").asText());

        String next = client.send(Channel.SHELL, "execute_request", cell("print('still here')"));
        assertEquals("ok", client.reply(Channel.SHELL, next, WAIT).at("/content/status").asText());
    }

    @Test
    void missingSettingBecomesTheCellsErrorAndIsRetriedAtTheNextCell() {
        AtomicInteger attempts = new AtomicInteger();
        fixture = new KernelFixture(() -> {
            attempts.incrementAndGet();
            throw new NotConfiguredException("No cluster is configured. Set DATABRICKS_CLUSTER_ID.");
        });
        WireClient client = fixture.client;
        String id = client.send(Channel.SHELL, "execute_request", cell("print(1)"));

        JsonNode reply = client.reply(Channel.SHELL, id, WAIT);
        assertEquals("NotConfigured", reply.at("/content/ename").asText());
        assertEquals("No cluster is configured. Set DATABRICKS_CLUSTER_ID.", reply.at("/content/evalue").asText());
        List<JsonNode> iopub = client.iopubUntilIdle(id, WAIT);
        assertEquals(List.of("status", "execute_input", "stream", "error", "status"), types(iopub));
        assertEquals("stderr", iopub.get(2).at("/content/name").asText());

        String again = client.send(Channel.SHELL, "execute_request", cell("print(1)"));
        assertEquals("NotConfigured", client.reply(Channel.SHELL, again, WAIT).at("/content/ename").asText());
        assertEquals(2, attempts.get());
    }

    @Test
    void slowCellShowsAProgressLineAndClearsItBeforeItsOutput() {
        WireClient client = start();
        String id = client.send(Channel.SHELL, "execute_request", cell("slow"));
        List<JsonNode> iopub = client.iopubUntilIdle(id, WAIT);

        assertEquals(List.of("status", "execute_input", "display_data", "clear_output", "execute_result", "status"),
                types(iopub));
        JsonNode progress = iopub.get(2);
        assertTrue(progress.at("/content/data/text~1plain").asText().startsWith("Running on the cluster"));
        assertTrue(progress.at("/content/data/text~1html").asText().contains("Running on the cluster"));
        assertFalse(progress.at("/content/transient/display_id").asText().isEmpty());
        assertFalse(iopub.get(3).at("/content/wait").asBoolean());
    }

    /**
     * remote-kernels §B.17 (PR #110) and D7: each cell's progress line has a display id of its own, also after a
     * cell that failed, so an update never lands in an earlier cell's output.
     */
    @Test
    void eachCellsProgressHasItsOwnDisplayIdEvenAfterAFailedCell() {
        WireClient client = start();
        List<String> failed = progressDisplayIds(client, "slow 1/0");
        List<String> next = progressDisplayIds(client, "slow");

        assertFalse(failed.isEmpty());
        assertFalse(next.isEmpty());
        assertEquals(1, failed.stream().distinct().count(), failed.toString());
        assertEquals(1, next.stream().distinct().count(), next.toString());
        assertFalse(next.contains(failed.get(0)), failed + " " + next);
    }

    private static List<String> progressDisplayIds(WireClient client, String code) {
        String id = client.send(Channel.SHELL, "execute_request", cell(code));
        client.reply(Channel.SHELL, id, WAIT);
        return client.iopubUntilIdle(id, WAIT).stream()
                .filter(m -> m.at("/header/msg_type").asText().endsWith("display_data"))
                .map(m -> m.at("/content/transient/display_id").asText()).toList();
    }

    @Test
    void clusterProgressIsShownAtOnce() {
        WireClient client = start();
        String id = client.send(Channel.SHELL, "execute_request", cell("starting"));
        List<JsonNode> iopub = client.iopubUntilIdle(id, WAIT);

        assertEquals("display_data", iopub.get(2).at("/header/msg_type").asText());
        assertEquals("Cluster test is PENDING (3 s)", iopub.get(2).at("/content/data/text~1plain").asText());
        assertEquals("clear_output", iopub.get(3).at("/header/msg_type").asText());
    }

    @Test
    void isCompleteTellsAConsoleWhetherToWaitForMoreLines() {
        WireClient client = start();
        String open = client.send(Channel.SHELL, "is_complete_request", Map.of("code", "for i in range(3):"));
        JsonNode incomplete = client.reply(Channel.SHELL, open, WAIT);
        assertEquals("incomplete", incomplete.at("/content/status").asText());
        assertEquals("    ", incomplete.at("/content/indent").asText());

        String done = client.send(Channel.SHELL, "is_complete_request", Map.of("code", "x = 1"));
        assertEquals("complete", client.reply(Channel.SHELL, done, WAIT).at("/content/status").asText());
    }

    @Test
    void unknownRequestGetsAnErrorReplyAndOtherUnknownMessagesAreIgnored() {
        WireClient client = start();
        client.send(Channel.SHELL, "comm_open", Map.of("comm_id", "x", "target_name", "jupyter.widget"));
        String id = client.send(Channel.SHELL, "debug_request", Map.of("command", "initialize"));

        JsonNode reply = client.reply(Channel.SHELL, id, WAIT);
        assertEquals("debug_reply", reply.at("/header/msg_type").asText());
        assertEquals("error", reply.at("/content/status").asText());
        assertEquals("UnsupportedRequest", reply.at("/content/ename").asText());
        assertTrue(client.receive(Channel.SHELL, Duration.ofMillis(300)).isEmpty(), "comm_open got a reply");
    }

    @Test
    void commInfoIsEmptyAndCompletionBeforeTheFirstCellOffersPythonNamesWithoutOpeningASession() {
        WireClient client = start();
        String comms = client.send(Channel.SHELL, "comm_info_request", Map.of());
        assertTrue(client.reply(Channel.SHELL, comms, WAIT).at("/content/comms").isEmpty());

        String complete = client.send(Channel.SHELL, "complete_request", Map.of("code", "pri", "cursor_pos", 3));
        JsonNode completion = client.reply(Channel.SHELL, complete, WAIT);
        assertEquals("[\"print\"]", completion.at("/content/matches").toString());
        assertEquals(0, completion.at("/content/cursor_start").asInt());
        assertEquals(3, completion.at("/content/cursor_end").asInt());

        String inspect = client.send(Channel.SHELL, "inspect_request", Map.of("code", "print", "cursor_pos", 5));
        assertFalse(client.reply(Channel.SHELL, inspect, WAIT).at("/content/found").asBoolean(true));
        assertTrue(session.executed.isEmpty(), "nothing ran on the cluster: " + session.executed);
    }

    @Test
    void historyReturnsThisKernelsInputsNewestLast() {
        WireClient client = start();
        for (String code : List.of("print('a')", "1 + 1", "print('b')")) {
            client.reply(Channel.SHELL, client.send(Channel.SHELL, "execute_request", cell(code)), WAIT);
        }
        String tail = client.send(Channel.SHELL, "history_request",
                Map.of("output", false, "raw", true, "hist_access_type", "tail", "n", 2));
        JsonNode history = client.reply(Channel.SHELL, tail, WAIT).at("/content/history");
        assertEquals(2, history.size());
        assertEquals("1 + 1", history.get(0).get(2).asText());
        assertEquals(2, history.get(0).get(1).asInt());

        String search = client.send(Channel.SHELL, "history_request", Map.of("output", true, "raw", true,
                "hist_access_type", "search", "pattern", "1 *"));
        JsonNode found = client.reply(Channel.SHELL, search, WAIT).at("/content/history");
        assertEquals(1, found.size());
        assertEquals("1 + 1", found.get(0).get(2).get(1).asText());
    }

    @Test
    void shutdownDestroysTheSessionEchoesRestartAndStopsTheKernel() throws Exception {
        WireClient client = start();
        client.reply(Channel.SHELL, client.send(Channel.SHELL, "execute_request", cell("print(1)")), WAIT);
        String id = client.send(Channel.CONTROL, "shutdown_request", Map.of("restart", true));

        JsonNode reply = client.reply(Channel.CONTROL, id, WAIT);
        assertEquals("ok", reply.at("/content/status").asText());
        assertTrue(reply.at("/content/restart").asBoolean());
        assertTrue(session.closed());
        fixture.kernel.awaitShutdownRequest();
    }

    @Test
    void shutdownOnShellIsHonouredToo() throws Exception {
        WireClient client = start();
        String id = client.send(Channel.SHELL, "shutdown_request", Map.of("restart", false));

        assertFalse(client.reply(Channel.SHELL, id, WAIT).at("/content/restart").asBoolean(true));
        fixture.kernel.awaitShutdownRequest();
    }
}
