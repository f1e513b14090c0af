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
        env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
        return env;
    }

    private String passes(String scenario, Path project) throws Exception {
        NodeClients.Result result = NodeClients.scenario(scenario, project, env());
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
