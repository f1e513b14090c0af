package io.lakebook.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The getting-started notebook executed by Jupyter's own clients (Debian's nbconvert and nbclient) with the
 * {@code databricks} kernel from the shaded jar, against an emulated workspace, and checked cell by cell.
 */
class GettingStartedNotebookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Emulator emulator;

    @TempDir
    static Path work;
    private static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        emulator = Emulator.builder().port(0).clusterStartDelay(Duration.ofMillis(500)).build();
        emulator.start();
        // install puts its copy of lakebook under HOME: a folder of the test's, not the account's, and outside the
        // notebook's folder, whose files the kernel copies to the cluster.
        home = Files.createTempDirectory("lakebook-home-");
        Processes.Result install = Processes.run(Processes.lakebook("install", "--kernel", "--jupyter-dir",
                work.resolve("jupyter").toString()), Map.of("HOME", home.toString()), work, 120);
        assertEquals(0, install.exitCode(), install.output());
    }

    @AfterAll
    static void tearDown() throws IOException {
        emulator.close();
        try (java.util.stream.Stream<Path> files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_CONFIG_FILE", work.resolve("no-databrickscfg").toString());
        env.put("JUPYTER_PATH", work.resolve("jupyter").toString());
        env.put("JUPYTER_DATA_DIR", work.resolve("jupyter-data").toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("jupyter-runtime").toString());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        return env;
    }

    private static Path sample() {
        return Processes.root().resolve("notebooks/getting-started.ipynb");
    }

    @Test
    void nbconvertExecutesEveryCellOnTheClusterAndSavesOnlyRealOutputs() throws Exception {
        Path out = work.resolve("nbconvert");
        Processes.Result result = Processes.run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=databricks", "--output-dir", out.toString(), "--output",
                "executed.ipynb", sample().toString()), env(), work, 300);
        assertEquals(0, result.exitCode(), result.output());

        List<JsonNode> cells = codeCells(out.resolve("executed.ipynb"));

        assertEquals(5, cells.size());
        assertTrue(text(cells.get(0), "stream").startsWith("Hello from the cluster: Python 3."), dump(cells.get(0)));
        assertEquals("6 orders loaded\n", text(cells.get(1), "stream"));
        assertEquals("6156.9", joined(cells.get(2).path("outputs").path(0).path("data").path("text/plain")));
        assertEquals("execute_result", cells.get(2).path("outputs").path(0).path("output_type").asText());
        JsonNode table = only(cells.get(3), "display_data").path("data");
        assertTrue(joined(table.path("text/html")).contains(">region<"), dump(cells.get(3)));
        assertTrue(joined(table.path("text/plain")).contains("north"), dump(cells.get(3)));
        assertTrue(joined(only(cells.get(4), "display_data").path("data").path("image/png")).startsWith("iVBORw0KG"),
                "the chart is a PNG");
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(i + 1, cells.get(i).path("execution_count").asInt(), "execution count of cell " + (i + 1));
            assertFalse(dump(cells.get(i)).contains("waiting for it to run"), "a progress line was saved");
        }
    }

    @Test
    void jupyterExecuteRunsTheSameNotebook() throws Exception {
        Path copy = Files.copy(sample(), work.resolve("execute-me.ipynb"));

        Processes.Result result = Processes.run(List.of("jupyter", "execute", "--kernel_name=databricks",
                copy.toString()), env(), work, 300);

        assertEquals(0, result.exitCode(), result.output());
    }

    private static List<JsonNode> codeCells(Path notebook) throws IOException {
        List<JsonNode> cells = new ArrayList<>();
        for (JsonNode cell : JSON.readTree(notebook.toFile()).path("cells")) {
            if ("code".equals(cell.path("cell_type").asText())) {
                cells.add(cell);
            }
        }
        return cells;
    }

    private static JsonNode only(JsonNode cell, String outputType) {
        assertEquals(1, cell.path("outputs").size(), dump(cell));
        JsonNode output = cell.path("outputs").path(0);
        assertEquals(outputType, output.path("output_type").asText(), dump(cell));
        return output;
    }

    private static String text(JsonNode cell, String outputType) {
        return joined(only(cell, outputType).path("text"));
    }

    /** nbformat stores multi-line strings either whole or as a list of lines. */
    private static String joined(JsonNode text) {
        if (!text.isArray()) {
            return text.asText();
        }
        StringBuilder joined = new StringBuilder();
        text.forEach(line -> joined.append(line.asText()));
        return joined.toString();
    }

    private static String dump(JsonNode node) {
        return node.toString();
    }
}
