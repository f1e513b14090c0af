package io.lakebook.installer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.installer.command.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstallCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int lakebook(Map<String, String> env, String... args) {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, dir);
        return Main.run(args, console);
    }

    private JsonNode spec(Path dataDir) throws Exception {
        return JSON.readTree(dataDir.resolve("kernels/databricks/kernel.json").toFile());
    }

    @Test
    void writesTheDatabricksKernelSpecThatJupyterLists() throws Exception {
        int status = lakebook(Map.of(), "install", "--kernel", "--jupyter-dir", "jupyter");

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode spec = spec(dir.resolve("jupyter"));
        assertEquals("Databricks", spec.path("display_name").asText());
        assertEquals("python", spec.path("language").asText());
        assertEquals("message", spec.path("interrupt_mode").asText());
        assertTrue(Path.of(spec.path("argv").path(0).asText()).isAbsolute(), spec.toString());
        assertTrue(spec.path("argv").toString().endsWith("\"kernel\",\"-f\",\"{connection_file}\"]"), spec.toString());

        ProcessBuilder builder = new ProcessBuilder("jupyter", "kernelspec", "list").redirectErrorStream(true);
        builder.environment().put("JUPYTER_PATH", dir.resolve("jupyter").toString());
        Process process = builder.start();
        String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(listing.contains("databricks") && listing.contains(dir.resolve("jupyter").toString()), listing);
    }

    @Test
    void keepsWhatItDoesNotOwnAndBacksUpTheOriginalOnce() throws Exception {
        Path file = dir.resolve("jupyter/kernels/databricks/kernel.json");
        Files.createDirectories(file.getParent());
        String original = "{\"argv\": [\"python\", \"-m\", \"jupyter_databricks_kernel\"], \"display_name\": \"Old\","
                + " \"env\": {\"DATABRICKS_CONFIG_PROFILE\": \"dev\"}}";
        Files.writeString(file, original);

        assertEquals(0, lakebook(Map.of(), "install", "--kernel", "--jupyter-dir", "jupyter"));
        assertEquals(0, lakebook(Map.of(), "install", "--kernel", "--jupyter-dir", "jupyter"));

        JsonNode spec = spec(dir.resolve("jupyter"));
        assertEquals("dev", spec.path("env").path("DATABRICKS_CONFIG_PROFILE").asText());
        assertEquals("Databricks", spec.path("display_name").asText());
        assertEquals(original, Files.readString(file.resolveSibling("kernel.json.lakebook-backup")));
    }

    @Test
    void userInstallHonoursJupyterDataDir() throws Exception {
        Path data = dir.resolve("data");

        assertEquals(0, lakebook(Map.of("JUPYTER_DATA_DIR", data.toString()), "install", "--kernel", "--user"));

        assertEquals("Databricks", spec(data).path("display_name").asText());
    }

    @Test
    void conflictingPlacesAreAUsageError() {
        int status = lakebook(Map.of(), "install", "--kernel", "--user", "--sys-prefix");

        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--sys-prefix"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownCommandsAndMissingArgumentsExitTwoWithAHint() {
        assertEquals(2, lakebook(Map.of(), "frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Run `lakebook help`"));
        assertEquals(2, lakebook(Map.of(), "run"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("give exactly one notebook to run"));
    }
}
