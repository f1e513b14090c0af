package io.lakebook.core.remote;

import io.lakebook.emulator.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An execution context that takes seconds to start, as on a busy driver: an interrupt or a shutdown in that window
 * must neither run the cell nor leave a context behind.
 */
class SlowContextTest {

    private static Emulator emulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startEmulatorWithASlowPython() throws IOException {
        Path python = dir.resolve("slow-python");
        Files.writeString(python, "#!/bin/sh\nsleep 3\nexec /usr/bin/python3 \"$@\"\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        emulator = Emulator.builder().port(0).python(python).build();
        emulator.start();
        emulator.clusters().start(emulator.defaultClusterId());
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator.clusters().isRunning(emulator.defaultClusterId()));
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private Session open() {
        return RemoteSession.open(dir, Map.of("DATABRICKS_HOST", emulator.host(), "DATABRICKS_TOKEN",
                emulator.token(), "DATABRICKS_CLUSTER_ID", emulator.defaultClusterId(), "DATABRICKS_CONFIG_FILE",
                dir.resolve("none").toString()));
    }

    private static CompletableFuture<Execution> runAsync(Session session, String code) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return session.execute(code, ProgressListener.NONE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void anInterruptWhileTheContextStartsReturnsAtOnceAndTheCellNeverRuns() throws Exception {
        Path marker = dir.resolve("ran");
        try (Session session = open()) {
            CompletableFuture<Execution> cell = runAsync(session, "open(" + python(marker) + ", 'w').write('x')");
            await().atMost(Duration.ofSeconds(20)).until(() -> !liveContexts().isEmpty());

            long before = System.nanoTime();
            session.interrupt();
            Execution execution = cell.get(10, TimeUnit.SECONDS);

            assertEquals(Execution.Status.CANCELLED, execution.status());
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(2), "the interrupt took too long");
            assertEquals(List.of(new io.lakebook.core.output.ValueOutput("2")),
                    session.execute("1 + 1", ProgressListener.NONE).outputs().stream()
                            .filter(o -> !(o instanceof io.lakebook.core.output.TextOutput)).toList());
            assertFalse(Files.exists(marker), "the interrupted cell must not run");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> liveContexts().isEmpty());
    }

    @Test
    void closingWhileTheContextStartsLeavesNoContextOnTheCluster() throws Exception {
        Session session = open();
        CompletableFuture<Execution> cell = runAsync(session, "1");
        await().atMost(Duration.ofSeconds(20)).until(() -> !liveContexts().isEmpty());

        session.close();

        cell.handle((result, failure) -> null).get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> liveContexts().isEmpty());
        Thread.sleep(4000);
        assertTrue(liveContexts().isEmpty(), "a context created after the close was left behind");
    }

    private static java.util.Set<String> liveContexts() {
        return emulator.liveContextIds(emulator.defaultClusterId());
    }

    private static String python(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
