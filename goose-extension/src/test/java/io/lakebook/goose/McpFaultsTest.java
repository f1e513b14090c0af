package io.lakebook.goose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.faults.Calls;
import io.lakebook.emulator.faults.Rule;
import io.lakebook.emulator.faults.Trials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.lakebook.goose.ServerProcess.JSON;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lakebook mcp}, started as Goose starts it, while the emulated workspace misbehaves: a tool call during an
 * outage ends with its real result, a statement stuck waiting for its warehouse comes back as a handle, an expired
 * token and a read-only project are tool errors that say what to do.
 */
class McpFaultsTest {
    private static final String EXECUTE = "/api/1.2/commands/execute";
    private static Emulator emulator;

    @TempDir
    Path dir;
    private Path project;
    private ServerProcess server;
    private int nextId = 10;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private void start() throws Exception {
        project = Files.createDirectories(dir.resolve("project"));
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_WAREHOUSE_ID", emulator.defaultWarehouseId());
        env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
        env.put(GooseMain.ENV_PROJECT_ROOT, project.toString());
        server = ServerProcess.start(project, env);
        server.request(nextId++, "initialize", JSON.createObjectNode().put("protocolVersion", "2025-06-18"));
        server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterEach
    void stop() {
        emulator.faults().clear();
        emulator.faults().warehouseStuckStarting(emulator.defaultWarehouseId(), false);
        if (server != null) {
            server.close();
        }
    }

    private JsonNode call(String tool, ObjectNode arguments) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        return server.request(nextId++, "tools/call", params);
    }

    private static String text(JsonNode answer) {
        return answer.at("/result/content/0/text").asText();
    }

    private static long ran(String code) {
        return emulator.requests().stream().filter(call -> call.path().equals(EXECUTE) && call.succeeded()
                && call.command().equals(code)).count();
    }

    @Test
    void codeRunDuringABurstOf503sEndsWithItsRealResult() throws Exception {
        start();
        call("code_run", JSON.createObjectNode().put("code", "1").put("wait_seconds", 60));
        String code = "import time\ntime.sleep(1)\n6 * 7";
        var answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return call("code_run", JSON.createObjectNode().put("code", code).put("wait_seconds", 60));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> ran(code) == 1);
        Rule burst = emulator.faults().on(Calls.api()).lasting(Duration.ofSeconds(4))
                .unavailable(Optional.of(Duration.ofSeconds(1)));

        JsonNode result = answer.get(60, TimeUnit.SECONDS);

        assertFalse(result.at("/result/isError").asBoolean(), result.toString());
        assertTrue(text(result).contains("finished") && text(result).contains("42"), text(result));
        assertEquals(1, ran(code));
        Trials.record("MCP server", "HTTP 503 with Retry-After: 1 on every call for 4 s during code_run",
                burst.fired(), "the call returned the code's real result", "nothing (the code ran once)");
    }

    /** reference §6.2: a statement waiting for its warehouse comes back as a handle, and can be cancelled. */
    @Test
    void aStatementStuckPendingComesBackAsAHandleThatCanBeCancelled() throws Exception {
        start();
        String warehouse = emulator.defaultWarehouseId();
        emulator.warehouses().stop(warehouse);
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.warehouses().state(warehouse).toString()
                .equals("STOPPED"));
        emulator.faults().warehouseStuckStarting(warehouse, true);
        long started = System.nanoTime();

        JsonNode pending = call("sql_run", JSON.createObjectNode().put("query", "SELECT 1 AS one")
                .put("wait_seconds", 2));

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(seconds < 10, seconds + " s");
        assertTrue(text(pending).contains("is waiting for SQL warehouse " + warehouse), text(pending));
        assertTrue(text(pending).contains("sql_poll(handle=") && text(pending).contains("sql_cancel(handle="),
                text(pending));
        String handle = pending.at("/result/structuredContent/handle").asText();
        assertEquals("PENDING", pending.at("/result/structuredContent/state").asText());
        JsonNode cancelled = call("sql_cancel", JSON.createObjectNode().put("handle", handle));
        assertTrue(text(cancelled).toLowerCase().contains("cancel"), text(cancelled));
        JsonNode polled = call("sql_poll", JSON.createObjectNode().put("handle", handle));
        assertTrue(text(polled).contains("was cancelled"), text(polled));
        Trials.record("MCP server", "a statement stuck in PENDING (its warehouse cannot finish starting)", 1,
                "sql_run answered within wait_seconds with a handle and how to poll or cancel it; sql_cancel "
                + "cancelled it", "nothing");
    }

    @Test
    void anExpiredTokenIsAToolErrorThatSaysHowToSignInAgain() throws Exception {
        start();
        call("code_run", JSON.createObjectNode().put("code", "1").put("wait_seconds", 60));
        emulator.faults().tokenExpired(true);

        JsonNode refused = call("code_run", JSON.createObjectNode().put("code", "2").put("wait_seconds", 60));
        JsonNode sql = call("sql_run", JSON.createObjectNode().put("query", "SELECT 1"));

        for (JsonNode answer : java.util.List.of(refused, sql)) {
            assertTrue(answer.at("/result/isError").asBoolean(), answer.toString());
            assertTrue(text(answer).contains("Invalid access token"), text(answer));
            assertTrue(text(answer).contains("`lakebook login`"), text(answer));
            assertFalse(answer.toString().contains(emulator.token()), "the token was shown");
        }
        assertTrue(server.isAlive());
        Trials.record("MCP server", "the token refused as expired mid-session (code_run, sql_run)", 2, "tool "
                + "errors: the token may have expired, make a new one or `lakebook login`", "nothing");
    }

    @Test
    void aReadOnlyProjectIsAToolErrorAndTheNotebookStaysAsItWas() throws Exception {
        start();
        Path folder = Files.createDirectories(project.resolve("ro"));
        String notebook = "{\"cells\": [{\"cell_type\": \"code\", \"id\": \"c1\", \"metadata\": {}, \"outputs\": [], "
                + "\"execution_count\": null, \"source\": \"1\"}], \"metadata\": {}, \"nbformat\": 4, "
                + "\"nbformat_minor\": 5}";
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", folder.toString()) == 0;
        try {
            Files.writeString(folder.resolve("n.ipynb"), notebook);
            if (mounted && run("mount", "-o", "remount,ro", folder.toString()) != 0) {
                unmount(folder);
                mounted = false;
                Files.writeString(folder.resolve("n.ipynb"), notebook);
            }
            if (!mounted) {
                folder.toFile().setWritable(false, false);
            }
            Assumptions.assumeFalse(writable(folder), "this user writes anywhere and cannot mount a folder");
            JsonNode read = call("notebook_read", JSON.createObjectNode().put("path", "ro/n.ipynb"));
            ObjectNode edit = JSON.createObjectNode().put("path", "ro/n.ipynb").put("cell_id", "c1")
                    .put("source", "2").put("expected_version", read.at("/result/structuredContent/version")
                            .asText());

            JsonNode refused = call("cell_edit", edit);

            assertTrue(refused.at("/result/isError").asBoolean(), refused.toString());
            assertTrue(text(refused).startsWith("lakebook could not write "), text(refused));
            assertTrue(text(refused).contains("read-only file system") || text(refused).contains("permission "
                    + "denied"), text(refused));
            assertTrue(text(refused).contains("Nothing was changed: n.ipynb is as it was."), text(refused));
            assertEquals(notebook, Files.readString(folder.resolve("n.ipynb")));
            Trials.record("MCP server", "cell_edit in a read-only folder (" + (mounted ? "a tmpfs remounted "
                    + "read-only" : "a folder without write permission") + ")", 1, "a tool error naming the file "
                    + "and the reason; nothing was changed", "nothing");
        } finally {
            if (mounted) {
                unmount(folder);
            } else {
                folder.toFile().setWritable(true, false);
            }
        }
    }

    private static boolean writable(Path folder) {
        try {
            Files.delete(Files.createFile(folder.resolve("probe")));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean unmount(Path folder) throws Exception {
        return run("umount", folder.toString()) == 0;
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
