package io.lakebook.goose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.faults.Trials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.lakebook.goose.ServerProcess.JSON;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@code lakebook mcp}, started as Goose starts it, serves many tool calls in a row (notebook reads and edits,
 * scratch code on the cluster, cluster state, SQL): its heap after a full collection stays flat after warm-up, and
 * neither it nor the emulated workspace leaks threads, processes, open files or execution contexts. The suite makes
 * {@value #DEFAULT_CALLS} calls; the endurance run sets {@code lakebook.endurance.calls} to 5,000.
 */
class McpEnduranceTest {
    static final int DEFAULT_CALLS = 300;
    private static final long HEAP_SLACK_KIB = 16 * 1024;

    @TempDir
    Path dir;
    private ServerProcess server;
    private int nextId = 10;

    @Test
    void manyToolCallsInARowKeepMemoryFlatAndLeakNothingOnEitherSide() throws Exception {
        int calls = Integer.getInteger("lakebook.endurance.calls", DEFAULT_CALLS);
        int warmUp = Math.max(25, calls / 5);
        try (Emulator emulator = Emulator.builder().build().start()) {
            Path project = Files.createDirectories(dir.resolve("project"));
            Files.writeString(project.resolve("work.ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"id\": \"c1\", "
                    + "\"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"0\"}], "
                    + "\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
            Map<String, String> env = new HashMap<>();
            env.put("DATABRICKS_HOST", emulator.host());
            env.put("DATABRICKS_TOKEN", emulator.token());
            env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
            env.put("DATABRICKS_WAREHOUSE_ID", emulator.defaultWarehouseId());
            env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
            env.put(GooseMain.ENV_PROJECT_ROOT, project.toString());
            server = ServerProcess.start(project, env);
            try {
                server.request(nextId++, "initialize", JSON.createObjectNode().put("protocolVersion", "2025-06-18"));
                ProcessProbe probe = new ProcessProbe(server.pid());
                Side before = null;
                long started = System.nanoTime();
                for (int i = 1; i <= calls; i++) {
                    call(i);
                    if (i == warmUp) {
                        before = Side.measure(probe, emulator);
                        started = System.nanoTime();
                    }
                }
                double perCall = (System.nanoTime() - started) / 1e6 / (calls - warmUp);
                Side after = Side.measure(probe, emulator);

                assertTrue(after.heapKib() <= before.heapKib() + HEAP_SLACK_KIB, before + " -> " + after);
                assertTrue(after.threads() <= before.threads() + 2, before + " -> " + after);
                assertTrue(after.openFiles() <= before.openFiles() + 4, before + " -> " + after);
                assertEquals(0, after.children(), "the server starts no process");
                assertEquals(2, after.contexts(), "the scratch context and lakebook's reader: " + after);
                assertEquals(after.contexts(), after.pythons(), "one Python per context on the emulated cluster");
                assertTrue(server.closeStdinAndWait(30), "the server ends when the client closes stdin");
                await().atMost(Duration.ofSeconds(10)).until(() -> emulator.liveContextIds(
                        emulator.defaultClusterId()).isEmpty());
                Trials.record("MCP server", String.format("%,d tool calls in a row (notebook_read, cell_edit, "
                        + "code_run, cluster_status, sql_run)", calls), calls, String.format("%.0f ms a call; server "
                        + "heap after GC %.1f MB -> %.1f MB, threads %d -> %d, open files %d -> %d, no child "
                        + "process; emulator: 2 contexts, 2 Python processes; no context left after stdin closed",
                        perCall, before.heapKib() / 1024.0, after.heapKib() / 1024.0, before.threads(),
                        after.threads(), before.openFiles(), after.openFiles()), "nothing");
            } finally {
                server.close();
            }
        }
    }

    private void call(int i) throws Exception {
        JsonNode answer = switch (i % 5) {
            case 0 -> tool("code_run", JSON.createObjectNode().put("code", i + " * 2").put("wait_seconds", 60));
            case 1 -> tool("notebook_read", JSON.createObjectNode().put("path", "work.ipynb"));
            case 2 -> edit(i);
            case 3 -> tool("cluster_status", JSON.createObjectNode());
            default -> tool("sql_run", JSON.createObjectNode().put("query", "SELECT " + i + " AS n"));
        };
        assertFalse(answer.at("/result/isError").asBoolean(), "call " + i + ": " + answer);
        if (i % 5 == 0) {
            assertTrue(answer.at("/result/content/0/text").asText().contains(Integer.toString(i * 2)), answer
                    .toString());
        }
    }

    private JsonNode edit(int i) throws Exception {
        String version = tool("notebook_read", JSON.createObjectNode().put("path", "work.ipynb"))
                .at("/result/structuredContent/version").asText();
        return tool("cell_edit", JSON.createObjectNode().put("path", "work.ipynb").put("cell_id", "c1")
                .put("source", Integer.toString(i)).put("expected_version", version));
    }

    private JsonNode tool(String name, ObjectNode arguments) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("name", name);
        params.set("arguments", arguments);
        return server.request(nextId++, "tools/call", params);
    }

    /** What both sides hold at one moment. */
    private record Side(long heapKib, int threads, int openFiles, long children, int contexts, long pythons) {
        static Side measure(ProcessProbe probe, Emulator emulator) throws IOException, InterruptedException {
            long pythons = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().orElse("").contains("python")).count();
            return new Side(probe.heapAfterGcKib(), probe.threads(), probe.openFiles(), probe.children(),
                    emulator.liveContextIds(emulator.defaultClusterId()).size(), pythons);
        }
    }
}
