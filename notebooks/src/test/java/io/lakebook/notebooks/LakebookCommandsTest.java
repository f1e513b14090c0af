package io.lakebook.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lakebook demo} and {@code lakebook run} as a user starts them: the shaded jar in its own process. */
class LakebookCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Emulator emulator;

    @TempDir
    Path work;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().port(0).build();
        emulator.start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private Map<String, String> emulatorEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_CONFIG_FILE", work.resolve("no-databrickscfg").toString());
        return env;
    }

    @Test
    void demoRunsTheNotebookThroughJupyterAndChecksEveryCell() throws Exception {
        Processes.Result demo = Processes.run(Processes.lakebook("demo", "--start-delay", "0.5"), Map.of(), work, 300);

        assertEquals(0, demo.exitCode(), demo.output());
        assertTrue(demo.output().contains("through Jupyter (jupyter nbconvert --execute)"), demo.output());
        assertTrue(demo.output().matches("(?s).*\\n5 cells, 0 errors, [0-9.]+ s\\n.*"), demo.output());
        assertTrue(Files.isRegularFile(executedNotebook(demo.output())), demo.output());
    }

    @Test
    void demoWithoutJupyterRunsTheNotebookWithLakebookRun() throws Exception {
        Processes.Result demo = Processes.run(Processes.lakebook("demo", "--no-jupyter", "--start-delay", "0"),
                Map.of(), work, 300);

        assertEquals(0, demo.exitCode(), demo.output());
        assertTrue(demo.output().contains("Running with `lakebook run`"), demo.output());
        assertTrue(demo.output().contains("5 cells, 0 errors"), demo.output());
        JsonNode executed = JSON.readTree(executedNotebook(demo.output()).toFile());
        assertEquals("6156.9", executed.path("cells").path(5).path("outputs").path(0).path("data").path("text/plain")
                .asText(), executed.path("cells").path(5).toString());
    }

    @Test
    void runSavesOutputsAndExitsOneAtTheFirstFailingCell() throws Exception {
        Path notebook = work.resolve("failing.ipynb");
        Files.writeString(notebook, "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": ["
                + "{\"cell_type\": \"code\", \"id\": \"a\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null,"
                + " \"source\": \"print('before')\"},"
                + "{\"cell_type\": \"code\", \"id\": \"b\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null,"
                + " \"source\": \"1 / 0\"},"
                + "{\"cell_type\": \"code\", \"id\": \"c\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null,"
                + " \"source\": \"print('never')\"}]}");

        Processes.Result run = Processes.run(Processes.lakebook("run", notebook.toString()), emulatorEnv(), work, 120);

        assertEquals(1, run.exitCode(), run.output());
        JsonNode cells = JSON.readTree(work.resolve("failing.executed.ipynb").toFile()).path("cells");
        assertEquals("before\n", cells.path(0).path("outputs").path(0).path("text").asText());
        assertEquals("ZeroDivisionError", cells.path(1).path("outputs").path(0).path("ename").asText());
        assertEquals(0, cells.path(2).path("outputs").size(), "the cell after the failure must not run");
        assertTrue(run.output().contains("failed: ZeroDivisionError: division by zero"), run.output());
    }

    @Test
    void runOfSomethingThatIsNotANotebookSaysSoAndChangesNothing() throws Exception {
        Path broken = work.resolve("broken.ipynb");
        Files.writeString(broken, "{\"cells\": [");

        Processes.Result run = Processes.run(Processes.lakebook("run", "--inplace", broken.toString()), emulatorEnv(),
                work, 60);

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("is not a notebook: its JSON is invalid"), run.output());
        assertEquals("{\"cells\": [", Files.readString(broken));
    }

    @Test
    void runWithoutAClusterSaysWhatToSet() throws Exception {
        Path notebook = Files.copy(Processes.root().resolve("notebooks/getting-started.ipynb"),
                work.resolve("nb.ipynb"));
        Map<String, String> env = emulatorEnv();
        env.remove("DATABRICKS_CLUSTER_ID");

        Processes.Result run = Processes.run(Processes.lakebook("run", notebook.toString()), env, work, 60);

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("No cluster is configured for this notebook."), run.output());
    }

    @Test
    void runTakesADatabricksSourceNotebookWithParametersAndWritesAReport() throws Exception {
        Path source = work.resolve("job.py");
        Files.writeString(source, "# Databricks notebook source\n# MAGIC %md\n# MAGIC # Daily job\n\n"
                + "# COMMAND ----------\n\n# parameters\nday = 'unset'\n\n# COMMAND ----------\n\nprint('running for', day)\n");
        Path report = work.resolve("report.md");

        Processes.Result run = Processes.run(Processes.lakebook("run", source.toString(), "-p", "day", "2026-12-01",
                "--report", report.toString()), emulatorEnv(), work, 120);

        assertEquals(0, run.exitCode(), run.output());
        JsonNode cells = JSON.readTree(work.resolve("job.executed.ipynb").toFile()).path("cells");
        assertEquals("markdown", cells.path(0).path("cell_type").asText());
        assertEquals("running for 2026-12-01\n", cells.path(3).path("outputs").path(0).path("text").asText(),
                cells.toString());
        String markdown = Files.readString(report);
        assertTrue(markdown.contains("- Result: all 3 cells ran"), markdown);
        assertEquals("injected-parameters", cells.path(2).path("id").asText());
        assertTrue(markdown.contains("| 3 | ok |"), markdown);
    }

    @Test
    void runRunsMagicCellsAsTheKernelDoes() throws Exception {
        Path other = work.resolve("setup.ipynb");
        Files.writeString(other, "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": "
                + "\"code\", \"id\": \"s\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, "
                + "\"source\": \"shared = 'from setup'\"}]}");
        Path source = work.resolve("magics.py");
        Files.writeString(source, "# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\n"
                + "# MAGIC %sql\n# MAGIC SELECT count(*) AS trips FROM samples.nyctaxi.trips\n\n"
                + "# COMMAND ----------\n\n# MAGIC %sh\n# MAGIC echo from the driver shell\n\n"
                + "# COMMAND ----------\n\nprint(shared)\n");

        Processes.Result run = Processes.run(Processes.lakebook("run", source.toString()), emulatorEnv(), work, 180);

        assertEquals(0, run.exitCode(), run.output());
        JsonNode cells = JSON.readTree(work.resolve("magics.executed.ipynb").toFile()).path("cells");
        assertTrue(cells.path(1).path("outputs").path(0).path("data").path("text/html").asText().contains("trips"),
                cells.path(1).toString());
        assertEquals("from the driver shell\n", streams(cells.path(2)), cells.path(2).toString());
        assertEquals("from setup\n", streams(cells.path(3)), cells.path(3).toString());
    }

    @Test
    void parametersWithoutAParametersCellAreInjectedFirstWithAWarning() throws Exception {
        Path notebook = work.resolve("untagged.ipynb");
        Files.writeString(notebook, "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": ["
                + "{\"cell_type\": \"code\", \"id\": \"a\", \"metadata\": {}, \"outputs\": [], "
                + "\"execution_count\": null, \"source\": \"print(x)\"}]}");

        Processes.Result run = Processes.run(Processes.lakebook("run", notebook.toString(), "-p", "x", "7"),
                emulatorEnv(), work, 120);

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("no cell is tagged 'parameters'"), run.output());
    }

    @Test
    void inplaceKeepsABackupOfTheOriginal() throws Exception {
        Path notebook = work.resolve("keep.ipynb");
        String original = "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {\"custom\": 1}, \"cells\": ["
                + "{\"cell_type\": \"code\", \"id\": \"a\", \"metadata\": {}, \"outputs\": [], "
                + "\"execution_count\": null, \"source\": \"6 * 7\"}]}";
        Files.writeString(notebook, original);

        Processes.Result run = Processes.run(Processes.lakebook("run", "--inplace", notebook.toString()),
                emulatorEnv(), work, 120);

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(original, Files.readString(work.resolve("keep.ipynb.lakebook-backup")));
        JsonNode saved = JSON.readTree(notebook.toFile());
        assertEquals(1, saved.path("metadata").path("custom").asInt(), "metadata lakebook does not own is kept");
        assertEquals("42", saved.path("cells").path(0).path("outputs").path(0).path("data").path("text/plain")
                .asText());
    }

    /** The text of a cell's stream outputs, however the live reads split it. */
    private static String streams(JsonNode cell) {
        StringBuilder text = new StringBuilder();
        for (JsonNode output : cell.path("outputs")) {
            if ("stream".equals(output.path("output_type").asText())) {
                text.append(output.path("text").asText());
            }
        }
        return text.toString();
    }

    private static Path executedNotebook(String output) {
        Matcher matcher = Pattern.compile("Executed notebook: (\\S+)").matcher(output);
        assertTrue(matcher.find(), output);
        return Path.of(matcher.group(1));
    }
}
