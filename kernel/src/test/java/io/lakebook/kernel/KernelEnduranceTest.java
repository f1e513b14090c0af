package io.lakebook.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.faults.Trials;
import io.lakebook.kernel.testing.KernelProcess;
import io.lakebook.kernel.testing.WireClient;
import io.lakebook.kernel.testing.WireClient.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One kernel, as Jupyter starts it, runs many cells in a row on the emulated cluster: its heap after a full
 * collection stays flat after warm-up, and neither side leaks threads, processes, open files or execution contexts.
 * The suite runs {@value #DEFAULT_CELLS} cells; the endurance run sets {@code lakebook.endurance.cells} to 5,000.
 */
class KernelEnduranceTest {
    static final int DEFAULT_CELLS = 200;
    /** Heap growth allowed between warm-up and the end: a few MB of history, nothing that grows per cell. */
    private static final long HEAP_SLACK_KIB = 16 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void manyCellsInARowKeepMemoryFlatAndLeakNothingOnEitherSide() throws Exception {
        int cells = Integer.getInteger("lakebook.endurance.cells", DEFAULT_CELLS);
        int warmUp = Math.max(20, cells / 5);
        try (Emulator emulator = Emulator.builder().build().start()) {
            Map<String, String> env = new HashMap<>();
            env.put("DATABRICKS_HOST", emulator.host());
            env.put("DATABRICKS_TOKEN", emulator.token());
            env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
            env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
            try (KernelProcess kernel = KernelProcess.start(dir, env, "warn")) {
                Side before = null;
                long started = System.nanoTime();
                for (int i = 1; i <= cells; i++) {
                    run(kernel.client, i);
                    if (i == warmUp) {
                        before = Side.measure(kernel, emulator);
                        started = System.nanoTime();
                    }
                }
                double perCell = (System.nanoTime() - started) / 1e6 / (cells - warmUp);
                Side after = Side.measure(kernel, emulator);

                assertTrue(after.heapKib() <= before.heapKib() + HEAP_SLACK_KIB, before + " -> " + after);
                assertTrue(after.threads() <= before.threads() + 2, before + " -> " + after);
                assertTrue(after.openFiles() <= before.openFiles() + 4, before + " -> " + after);
                assertEquals(0, after.children(), "the kernel starts no process");
                assertEquals(2, after.contexts(), "the notebook's context and lakebook's reader: " + after);
                assertEquals(after.contexts(), after.pythons(), "one Python per context on the emulated cluster");
                assertTrue(after.emulatorThreads() <= before.emulatorThreads() + 2, before + " -> " + after);
                assertTrue(after.testFiles() <= before.testFiles() + 4, before + " -> " + after);
                assertTrue(kernel.shutDown(WAIT), "the kernel shut down when asked");
                await().atMost(Duration.ofSeconds(10)).until(() -> emulator.liveContextIds(
                        emulator.defaultClusterId()).isEmpty());
                Trials.record("kernel", String.format("%,d cells in a row", cells), cells, String.format(
                        "%.0f ms a cell; kernel heap after GC %s -> %s, threads %d -> %d, open files %d -> %d, no "
                        + "child process; emulator: 2 contexts, 2 Python processes, threads %d -> %d; no context left "
                        + "after shutdown", perCell, mb(before.heapKib()), mb(after.heapKib()), before.threads(),
                        after.threads(), before.openFiles(), after.openFiles(), before.emulatorThreads(),
                        after.emulatorThreads()), "nothing");
            }
        }
    }

    private static void run(WireClient client, int i) {
        String code = switch (i % 3) {
            case 0 -> "x = " + i;
            case 1 -> "print(" + i + ")";
            default -> i + " * 2";
        };
        String id = client.send(Channel.SHELL, "execute_request", Map.of("code", code, "silent", false,
                "store_history", true, "user_expressions", Map.of(), "allow_stdin", false, "stop_on_error", true));
        JsonNode reply = client.reply(Channel.SHELL, id, WAIT);
        assertEquals("ok", reply.at("/content/status").asText(), "cell " + i + ": " + reply);
        client.iopubUntilIdle(id, WAIT);
    }

    private static String mb(long kib) {
        return String.format("%.1f MB", kib / 1024.0);
    }

    /** What both sides hold at one moment. */
    private record Side(long heapKib, int threads, int openFiles, long children, int contexts, long pythons,
                        long emulatorThreads, long testFiles) {
        static Side measure(KernelProcess kernel, Emulator emulator) throws IOException, InterruptedException {
            long pythons = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().orElse("").contains("python")).count();
            long emulatorThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("emulator-")).count();
            long testFiles;
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                testFiles = fds.count();
            }
            return new Side(kernel.heapAfterGcKib(), kernel.threads(), kernel.openFiles(), kernel.children(),
                    emulator.liveContextIds(emulator.defaultClusterId()).size(), pythons, emulatorThreads, testFiles);
        }
    }
}
