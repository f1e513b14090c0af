package io.lakebook.installer.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.Emulator;
import io.lakebook.installer.Main;
import io.lakebook.installer.NodeTools;
import io.lakebook.installer.command.Console;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run as a newcomer sees it: Debian's classic Jupyter Notebook in Debian's chromium (driven by
 * playwright-core from npm), a notebook opened, the "Databricks" kernel picked from the menu, a cell run on the
 * emulated cluster, its result read from the page. The screenshot lands in {@code target/first-run.png}; the README's
 * copy is {@code docs/images/first-run.png}.
 */
class FirstRunInBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPECTED = "computed on the cluster: 385";

    @TempDir
    Path dir;

    private Emulator emulator;
    private Process notebook;

    @AfterEach
    void stop() {
        if (notebook != null) {
            notebook.descendants().forEach(ProcessHandle::destroy);
            notebook.destroy();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void aNewcomerRunsACellOnTheClusterFromTheNotebookPage() throws Exception {
        emulator = Emulator.builder().build().start();
        Path jupyter = dir.resolve("jupyter");
        assertEquals(0, Main.run(new String[] {"install", "--kernel", "--jupyter-dir", jupyter.toString()},
                new Console(quiet(), quiet(), Map.of(), dir)));
        Path notebooks = Files.createDirectories(dir.resolve("notebooks"));
        Files.writeString(notebooks.resolve("first-run.ipynb"), firstNotebook());
        int port = freePort();
        String token = "first-run-" + port;
        notebook = startNotebookServer(jupyter, notebooks, port, token);
        String base = "http://127.0.0.1:" + port;
        awaitServer(base + "/api/status?token=" + token);

        Path screenshot = Path.of("target/first-run.png").toAbsolutePath();
        NodeTools.Run browser = NodeTools.run(List.of("node", NodeTools.directory().resolve("first-run.mjs").toString(),
                base + "/notebooks/first-run.ipynb?token=" + token, EXPECTED, screenshot.toString(),
                dir.resolve("chromium-profile").toString()), dir, 300);

        JsonNode result = JSON.readTree(lastLine(browser.output()));
        assertEquals(0, browser.status(), browser.output() + "\nThe notebook server's log:\n"
                + Files.readString(dir.resolve("notebook.log")));
        assertEquals("Databricks", result.path("kernel").asText());
        assertTrue(result.path("output").asText().contains(EXPECTED), result.toString());
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot was taken");
        assertTrue(emulator.requests().stream().anyMatch(call -> call.path().equals("/api/1.2/commands/execute")
                && call.command().contains("range(1, 11)")), "the cell ran on the emulated cluster");
    }

    private Process startNotebookServer(Path jupyter, Path notebooks, int port, String token) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/jupyter", "notebook", "--no-browser", "--ip",
                "127.0.0.1", "--port", String.valueOf(port), "--NotebookApp.token=" + token, "--allow-root",
                "--notebook-dir", notebooks.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("notebook.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("DATABRICKS_") || key.startsWith("JUPYTER"));
        env.put("PATH", "/usr/bin:" + env.getOrDefault("PATH", "/bin"));
        env.put("JUPYTER_PATH", jupyter.toString());
        env.put("JUPYTER_CONFIG_DIR", dir.resolve("jupyter-config").toString());
        env.put("JUPYTER_DATA_DIR", dir.resolve("jupyter-data").toString());
        env.put("JUPYTER_RUNTIME_DIR", dir.resolve("jupyter-runtime").toString());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        return builder.start();
    }

    private void awaitServer(String statusUrl) {
        HttpClient client = HttpClient.newHttpClient();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> client.send(HttpRequest.newBuilder(URI.create(statusUrl)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** A notebook as a newcomer gets it: saved with the local Python kernel, one cell to run. */
    private static String firstNotebook() {
        return """
                {"cells": [{"cell_type": "code", "execution_count": null, "id": "first", "metadata": {},
                  "outputs": [], "source": ["total = sum(i * i for i in range(1, 11))\\n",
                  "print(f\\"computed on the cluster: {total}\\")"]}],
                 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                  "language_info": {"name": "python"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """;
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(line -> line.startsWith("{")).toList();
        if (lines.isEmpty()) {
            throw new AssertionError("the browser script printed no result:\n" + output);
        }
        return lines.get(lines.size() - 1);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
