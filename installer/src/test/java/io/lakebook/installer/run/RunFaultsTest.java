package io.lakebook.installer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.core.LargeJson;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.faults.Calls;
import io.lakebook.emulator.faults.Rule;
import io.lakebook.emulator.faults.Trials;
import io.lakebook.installer.Main;
import io.lakebook.installer.command.Console;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lakebook run} while the workspace misbehaves or the disk refuses: every cell's real output saved after an
 * outage, each cell run once; an output that could not be written found out before anything runs; a 200 MB
 * notebook run and saved.
 */
class RunFaultsTest {
    private static final ObjectMapper JSON = LargeJson.mapper();
    private static final String EXECUTE = "/api/1.2/commands/execute";
    private static Emulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @AfterEach
    void clearFaults() {
        emulator.faults().clear();
    }

    /** How {@code lakebook run} ended: exit status and what it printed. */
    private record Ran(int status, String out, String err) {
    }

    private Ran lakebook(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, dir));
        return new Ran(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String notebook(String... sources) throws Exception {
        var root = JSON.createObjectNode();
        var cells = root.putArray("cells");
        for (String source : sources) {
            cells.addObject().put("cell_type", "code").put("execution_count", (Integer) null).put("source", source)
                    .putObject("metadata");
        }
        root.putObject("metadata");
        root.put("nbformat", 4).put("nbformat_minor", 5);
        return JSON.writeValueAsString(root);
    }

    private static long ran(String code) {
        return emulator.requests().stream().filter(call -> call.path().equals(EXECUTE) && call.succeeded()
                && call.command().equals(code)).count();
    }

    @Test
    void aRunThroughABurstOf503sSavesEveryCellsRealOutputAndRunsEachOnce() throws Exception {
        String first = "import time\ntime.sleep(1)\n'first'";
        Path input = Files.writeString(dir.resolve("burst.ipynb"), notebook(first, "1 + 1", "print('third')"));
        CompletableFuture<Ran> run = CompletableFuture.supplyAsync(() -> lakebook("run", input.toString(),
                "--no-progress"));
        await().atMost(Duration.ofSeconds(60)).until(() -> ran(first) == 1);
        Rule burst = emulator.faults().on(Calls.api()).lasting(Duration.ofSeconds(4))
                .unavailable(Optional.of(Duration.ofSeconds(1)));

        Ran result = run.get(120, TimeUnit.SECONDS);

        assertEquals(0, result.status(), result.out() + result.err());
        JsonNode saved = JSON.readTree(dir.resolve("burst.executed.ipynb").toFile());
        assertEquals("'first'", saved.at("/cells/0/outputs/0/data/text~1plain").asText());
        assertEquals("2", saved.at("/cells/1/outputs/0/data/text~1plain").asText());
        assertEquals("third\n", saved.at("/cells/2/outputs/0/text").asText());
        assertEquals(List.of(1L, 1L, 1L), List.of(ran(first), ran("1 + 1"), ran("print('third')")));
        Trials.record("lakebook run", "HTTP 503 with Retry-After: 1 on every call for 4 s during a run", burst
                .fired(), "exit 0; every cell's real output saved", "nothing (each cell ran once)");
    }

    /** Found out at the end, an output that cannot be written would lose the whole run: it is checked first. */
    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeAnyCellRuns() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ro"));
        String code = "print('never_ran_here')";
        Files.writeString(folder.resolve("n.ipynb"), notebook(code));
        boolean mounted = mountReadOnlyCopy(folder);
        try {
            Assumptions.assumeFalse(writable(folder), "this user writes anywhere and cannot mount a folder");

            Ran result = lakebook("run", folder.resolve("n.ipynb").toString(), "--no-progress");

            assertEquals(1, result.status());
            assertTrue(result.err().contains("lakebook could not write " + folder.resolve("n.executed.ipynb")),
                    result.err());
            assertTrue(result.err().contains("Nothing was run; choose another place with --output FILE"),
                    result.err());
            assertEquals(0, ran(code), "no cell ran");
            Trials.record("lakebook run", "an output folder that cannot be written (" + (mounted ? "a tmpfs "
                    + "remounted read-only" : "no write permission") + ")", 1, "exit 1 before any cell ran: the "
                    + "file, the reason, and --output", "nothing (no cell ran)");
        } finally {
            if (mounted) {
                run("umount", folder.toString());
            } else {
                folder.toFile().setWritable(true, false);
            }
        }
    }

    /** A notebook of over 200 MB of old outputs: it runs, and the saved copy holds the new outputs. */
    @Test
    void aTwoHundredMegabyteNotebookIsRunAndSaved() throws Exception {
        Path input = dir.resolve("huge.ipynb");
        String big = "iVBORw0KGgo".repeat(2_300_000);
        try (var out = Files.newBufferedWriter(input)) {
            out.write("{\"cells\": [");
            for (int i = 0; i < 8; i++) {
                out.write((i == 0 ? "" : ",") + "{\"cell_type\": \"code\", \"metadata\": {}, \"execution_count\": 1, "
                        + "\"source\": \"" + (i + 1) + " * 10\", \"outputs\": [{\"output_type\": \"display_data\", "
                        + "\"metadata\": {}, \"data\": {\"image/png\": \"");
                out.write(big);
                out.write("\"}}]}");
            }
            out.write("], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        }
        long size = Files.size(input);
        long started = System.nanoTime();

        Ran result = lakebook("run", input.toString(), "--no-progress");

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(size > 200_000_000L, size + " bytes");
        assertEquals(0, result.status(), result.err());
        JsonNode saved = JSON.readTree(dir.resolve("huge.executed.ipynb").toFile());
        assertEquals("80", saved.at("/cells/7/outputs/0/data/text~1plain").asText());
        assertFalse(Files.readString(dir.resolve("huge.executed.ipynb")).contains("iVBORw0KGgo"),
                "the old outputs were replaced");
        Trials.record("lakebook run", "a " + size / 1_000_000 + " MB notebook (8 cells of old 25 MB outputs)", 1,
                "run in " + seconds + " s; the saved copy holds the new outputs", "nothing");
    }

    private static boolean mountReadOnlyCopy(Path folder) throws Exception {
        byte[] content = Files.readAllBytes(folder.resolve("n.ipynb"));
        if (run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", folder.toString()) != 0) {
            folder.toFile().setWritable(false, false);
            return false;
        }
        Files.write(folder.resolve("n.ipynb"), content);
        if (run("mount", "-o", "remount,ro", folder.toString()) != 0) {
            run("umount", folder.toString());
            folder.toFile().setWritable(false, false);
            return false;
        }
        return true;
    }

    private static boolean writable(Path folder) {
        try {
            Files.delete(Files.createFile(folder.resolve("probe")));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
