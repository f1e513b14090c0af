package io.lakebook.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.http.RequestLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel as Jupyter runs it: a child JVM started by the real Python {@code jupyter_client} from a kernel spec,
 * running cells on the emulator through the real {@code RemoteSession}.
 */
class JupyterClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PYTHON_TESTS = Path.of("src/test/python").toAbsolutePath();

    @TempDir
    static Path dir;
    private static Emulator emulator;

    @BeforeAll
    static void startEmulatorAndWriteKernelSpec() throws IOException {
        emulator = Emulator.builder().build().start();
        Path spec = Files.createDirectories(dir.resolve("jupyter/kernels/databricks")).resolve("kernel.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, Object> kernel = Map.of(
                "argv", List.of(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp",
                        System.getProperty("java.class.path"), KernelMain.class.getName(), "-f", "{connection_file}"),
                "display_name", "Databricks (lakebook test)", "language", "python", "interrupt_mode", "message");
        JSON.writeValue(spec.toFile(), kernel);
        Files.createDirectories(dir.resolve("work"));
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void notebookClientRunsCellsInterruptsAndShutsDownLeavingNoContext() throws Exception {
        Result run = python("drive_kernel.py");
        assertEquals(0, run.exitCode(), run.log());
        JsonNode seen = JSON.readTree(run.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());

        assertEquals("ok", seen.get("hello_status").asText(), run.log());
        assertEquals("hello, world\n", seen.get("hello_stream").asText());
        assertEquals("42", seen.get("value").asText());
        assertEquals(2, seen.get("value_count").asInt());
        assertEquals("ZeroDivisionError", seen.get("error_ename").asText());
        assertEquals(List.of("execute_input", "error"), JSON.convertValue(seen.get("error_types"), List.class)
                .stream().filter(type -> !type.equals("status")).toList());
        assertEquals("KeyboardInterrupt", seen.get("interrupt_ename").asText());
        assertTrue(seen.get("interrupt_seconds").asDouble() < 2.0, "interrupt took " + seen.get("interrupt_seconds"));
        assertEquals("43", seen.get("after_interrupt_value").asText(), "after the interrupt: " + seen + run.log());
        assertFalse(seen.get("alive_after_shutdown").asBoolean(true));
        await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> emulator.liveContextIds(emulator.defaultClusterId()).isEmpty());
    }

    @Test
    void passesTheJupyterKernelConformanceSuite() throws Exception {
        Result run = python("-m", "unittest", "-v", "test_databricks_kernel");
        assertEquals(0, run.exitCode(), run.log());
        assertTrue(run.stderr().contains("OK"), run.log());
        await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> emulator.liveContextIds(emulator.defaultClusterId()).isEmpty());
    }

    @Test
    void notebookFeaturesWorkThroughJupyterClient() throws Exception {
        Result run = python("-m", "unittest", "-v", "test_notebook_features");
        assertEquals(0, run.exitCode(), run.log());
        assertTrue(run.stderr().contains("OK"), run.log());
    }

    @Test
    void clusterStoppedOrRestartedBetweenCellsGivesAFreshContextAndRunsTheCellOnce() throws Exception {
        Result run = python("-m", "unittest", "-v", "test_cluster_lifecycle");
        assertEquals(0, run.exitCode(), run.log());
        assertTrue(run.stderr().contains("OK"), run.log());
    }

    @Test
    void clusterStartUpShowsProgressAndCanBeInterrupted() throws Exception {
        try (Emulator slow = Emulator.builder().clusterStartDelay(java.time.Duration.ofSeconds(60)).build().start()) {
            Result run = python(slow, "-m", "unittest", "-v", "test_slow_start");
            assertEquals(0, run.exitCode(), run.log());
            assertTrue(run.stderr().contains("OK"), run.log());
        }
    }

    /**
     * Issue 4: the notebook's folder is kept on the driver. The Python side checks what the notebook sees; the
     * emulator's request log shows what travelled between the cells it marks.
     */
    @Test
    void projectFilesReachTheClusterAndOnlyChangesTravel() throws Exception {
        Result run = python("-m", "unittest", "-v", "test_project_sync");
        assertEquals(0, run.exitCode(), run.log());
        assertTrue(run.stderr().contains("OK"), run.log());
        List<RequestLog.Entry> log = emulator.requests();

        List<RequestLog.Entry> unchanged = between(log, "'unchanged-1'", "'unchanged-2'");
        assertEquals(List.of(), unchanged.stream().filter(JupyterClientsTest::isSync).toList());
        assertTrue(unchanged.stream().noneMatch(e -> e.path().startsWith("/api/2.0/dbfs")
                || e.path().startsWith("/api/2.0/fs")), unchanged.toString());

        List<RequestLog.Entry> puts = between(log, "'before-edit'", "'after-edit'").stream()
                .filter(e -> e.command().startsWith("_lakebook_sync_put(")).toList();
        assertEquals(1, puts.size(), "one command for one changed file: " + puts);
        assertTrue(puts.get(0).command().contains("\"helpers.py\""), puts.get(0).command());
        assertTrue(puts.get(0).bodyBytes() < 1024, "one small file's bytes travel: " + puts.get(0).bodyBytes());

        List<RequestLog.Entry> afterRestart = between(log, "'before-restart'", "'after-restart'").stream()
                .filter(e -> e.command().startsWith("_lakebook_sync_put(")).toList();
        assertTrue(afterRestart.stream().anyMatch(e -> e.command().contains("\"pkg/tools.py\"")),
                "unchanged files are copied again after a restart: " + afterRestart);
    }

    /** The log between the user's cells that contain {@code first} and {@code second}. */
    private static List<RequestLog.Entry> between(List<RequestLog.Entry> log, String first, String second) {
        int start = cell(log, first, 0);
        return log.subList(start + 1, cell(log, second, start + 1));
    }

    private static int cell(List<RequestLog.Entry> log, String marker, int from) {
        for (int i = from; i < log.size(); i++) {
            RequestLog.Entry entry = log.get(i);
            if (entry.path().endsWith("/commands/execute") && entry.command().contains(marker) && !isSync(entry)) {
                return i;
            }
        }
        throw new AssertionError("no cell with " + marker + " in the request log");
    }

    private static boolean isSync(RequestLog.Entry entry) {
        String command = entry.command();
        return command.contains("_lakebook_sync") || command.contains("sys.path.insert(0, DIR)")
                || command.contains("importlib.reload(module)");
    }

    /**
     * remote-kernels §B D3: restarting must destroy the old kernel's contexts: a cluster allows 145, and other kernels
     * leak them.
     */
    @Test
    void twentyRestartsLeaveOnlyTheLiveKernelsContexts() throws Exception {
        ProcessBuilder builder = pythonProcess(emulator, "twenty_restarts.py");
        File err = dir.resolve("stderr-" + System.nanoTime()).toFile();
        Process process = builder.redirectError(err).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
            String ready = lines.lines().filter(line -> line.startsWith("READY ")).findFirst()
                    .orElseThrow(() -> new AssertionError(readQuietly(err)));
            String context = ready.substring("READY ".length());
            java.util.Set<String> live = emulator.liveContextIds(emulator.defaultClusterId());
            assertTrue(live.contains(context), live + " lacks " + context);
            assertEquals(2, live.size(), "the notebook's context and lakebook's output reader only: " + live);
            process.getOutputStream().write('\n');
            process.getOutputStream().flush();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), readQuietly(err));
        await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> emulator.liveContextIds(emulator.defaultClusterId()).isEmpty());
    }

    private static String readQuietly(File file) {
        try {
            return Files.readString(file.toPath());
        } catch (IOException e) {
            return e.toString();
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String log() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static Result python(String... args) throws Exception {
        return python(emulator, args);
    }

    private static Result python(Emulator target, String... args) throws Exception {
        return result(pythonProcess(target, args));
    }

    /** {@code /usr/bin/python3} with jupyter_client, pointed at the test kernel spec and at {@code target}. */
    private static ProcessBuilder pythonProcess(Emulator target, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(PYTHON_TESTS.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("DATABRICKS_") || name.startsWith("JUPYTER_"));
        env.put("JUPYTER_PATH", dir.resolve("jupyter").toString());
        env.put("JUPYTER_DATA_DIR", dir.resolve("jupyter-data").toString());
        env.put("JUPYTER_RUNTIME_DIR", dir.resolve("jupyter-runtime").toString());
        env.put("DATABRICKS_HOST", target.host());
        env.put("DATABRICKS_TOKEN", target.token());
        env.put("DATABRICKS_CLUSTER_ID", target.defaultClusterId());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        return builder;
    }

    private static Result result(ProcessBuilder builder) throws Exception {
        File out = dir.resolve("stdout-" + System.nanoTime()).toFile();
        File err = dir.resolve("stderr-" + System.nanoTime()).toFile();
        Process process = builder.redirectOutput(out).redirectError(err).start();
        if (!process.waitFor(150, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }
}
