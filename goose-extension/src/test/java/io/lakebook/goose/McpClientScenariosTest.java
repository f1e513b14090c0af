package io.lakebook.goose;

import io.lakebook.emulator.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenarios of issue 5, each driven by the MCP TypeScript SDK's Client over stdio ({@code scenarios.mjs}) against
 * a server started as Goose starts it, with notebooks run on the emulated workspace.
 */
class McpClientScenariosTest {

    private static Emulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().port(0).clusterStartDelay(Duration.ofMillis(200)).build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private Path project() throws IOException {
        return Files.createDirectories(dir.resolve("project"));
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_WAREHOUSE_ID", emulator.defaultWarehouseId());
        env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
        return env;
    }

    private String passes(String scenario, Path project) throws Exception {
        return passes(scenario, project, Map.of());
    }

    private String passes(String scenario, Path project, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = env();
        env.putAll(extraEnv);
        NodeClients.Result result = NodeClients.scenario(scenario, project, env);
        assertEquals(0, result.exitCode(), result.output());
        assertFalse(result.output().contains(emulator.token()), "the token must never be printed");
        return result.output();
    }

    @Test
    void editRunFixAndRerunANotebook() throws Exception {
        Path project = project();
        String output = passes("editRunFix", project);

        assertTrue(output.contains("ok outputs saved"), output);
        assertNbformatValid(project.resolve("orders.ipynb"));
    }

    @Test
    void aStaleVersionIsRefusedAndTheFileUntouched() throws Exception {
        passes("staleVersion", project());
    }

    @Test
    void pathsOutsideTheProjectAreRefused() throws Exception {
        Path project = project();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(project.resolve("link"), outside);

        passes("escape", project);

        assertFalse(Files.exists(dir.resolve("outside.ipynb")));
        assertFalse(Files.exists(outside.resolve("evil.ipynb")));
    }

    @Test
    void aLongRunReturnsAHandleIsPolledAndCancelled() throws Exception {
        passes("longRun", project());
    }

    @Test
    void aTenMegabyteOutputComesBackCappedWithAMarker() throws Exception {
        Path project = project();
        passes("bigOutput", project);

        assertTrue(Files.size(project.resolve("big.ipynb")) > 10_000_000, "the file keeps the whole output");
        assertNbformatValid(project.resolve("big.ipynb"));
    }

    @Test
    void concurrentCallsDoNotCorruptANotebook() throws Exception {
        Path project = project();
        passes("concurrent", project);

        assertNbformatValid(project.resolve("busy.ipynb"));
    }

    @Test
    void aDropInReadOnlyModeIsRefusedAndAWriteWithAllowWritesRuns() throws Exception {
        emulator.sql().execute("CREATE TABLE main.default.orders_copy (id INT, amount DOUBLE)");
        emulator.sql().execute("INSERT INTO main.default.orders_copy VALUES (1, 10.0), (2, 20.0), (3, 30.0)");

        passes("sqlReadOnly", project());

        assertEquals(4, emulator.sql().query("SELECT * FROM main.default.orders_copy").rows().size());
    }

    @Test
    void aSlowQueryReturnsAHandleIsPolledAndCancelled() throws Exception {
        passes("sqlSlow", project());
    }

    @Test
    void catalogsSchemasAndTablesAreListedDescribedAndSampled() throws Exception {
        passes("catalog", project());
    }

    @Test
    void aMatplotlibFigureComesBackAsADownscaledImage() throws Exception {
        passes("image", project());
    }

    @Test
    void aTerminatedClusterIsShownAndStarted() throws Exception {
        String clusterId = emulator.clusters().add("started-through-mcp");

        passes("cluster", project(), Map.of("DATABRICKS_CLUSTER_ID", clusterId));

        assertTrue(emulator.clusters().isRunning(clusterId));
    }

    @Test
    void aLongRunSendsProgressNotifications() throws Exception {
        passes("progress", project());
    }

    @Test
    void aDatabricksSourceNotebookIsEditedAndRun() throws Exception {
        Path project = project();
        Path notebook = project.resolve("etl.py");
        Files.writeString(notebook, "# Databricks notebook source\n# MAGIC %md\n# MAGIC # Tax\n\n"
                + "# COMMAND ----------\n\namount = 100\nrate = 0.1\ntotal = amount * (1 + rate)\n\n"
                + "# COMMAND ----------\n\nprint('total with tax', total)\n");

        passes("sourceNotebook", project);

        String saved = Files.readString(notebook);
        assertTrue(saved.startsWith("# Databricks notebook source\n# MAGIC %md\n# MAGIC # Tax\n"), saved);
        assertTrue(saved.contains("rate = 0.25\n"), saved);
        assertFalse(saved.contains("rate = 0.1"), saved);
    }

    /** Jupyter's own validator, from Debian's python3-nbformat. */
    static void assertNbformatValid(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, nbformat; "
                + "nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        assertEquals("valid", output.strip(), output);
    }
}
