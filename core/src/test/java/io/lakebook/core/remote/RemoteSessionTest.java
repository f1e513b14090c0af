package io.lakebook.core.remote;

import io.lakebook.core.error.ClusterUnavailableException;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.ImageOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TableOutput;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.emulator.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote session against the emulated workspace, reached through databricks-sdk-java as a real one is. */
class RemoteSessionTest {

    private static Emulator emulator;
    private final List<Session> sessions = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().port(0).clusterStartDelay(Duration.ofMillis(300)).build();
        emulator.start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @AfterEach
    void closeSessions() {
        sessions.forEach(Session::close);
    }

    private Map<String, String> env(String token) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", token);
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
        return env;
    }

    private Session open() {
        Session session = RemoteSession.open(dir, env(emulator.token()));
        sessions.add(session);
        return session;
    }

    private static Execution run(Session session, String code) throws InterruptedException {
        return session.execute(code, ProgressListener.NONE);
    }

    /** remote-kernels §B.15 (PR #82) and D15: a terminated cluster is started, and the wait shows its state. */
    @Test
    void startsATerminatedClusterAndReportsItsProgress() throws InterruptedException {
        emulator.clusters().terminate(emulator.defaultClusterId());
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.liveContextIds(emulator.defaultClusterId())
                .isEmpty());
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        Session session = open();

        Execution execution = session.execute("1 + 1", progress::add);

        assertEquals(List.of(new ValueOutput("2")), execution.outputs());
        assertTrue(progress.stream().anyMatch(line -> line.contains("PENDING")), progress.toString());
    }

    @Test
    void keepsStateBetweenCellsAndSplitsPrintedTextFromTheValue() throws InterruptedException {
        Session session = open();
        run(session, "answer = 41");

        Execution execution = run(session, "print('thinking')\nanswer + 1");

        assertEquals(Execution.Status.OK, execution.status());
        assertEquals(List.of(new TextOutput("thinking\n"), new ValueOutput("42")), execution.outputs());
    }

    @Test
    void aUserErrorCarriesTheExceptionsOwnNameMessageAndTraceback() throws InterruptedException {
        Execution execution = run(open(), "undefined_name + 1");

        assertEquals(Execution.Status.ERROR, execution.status());
        ErrorOutput error = execution.error().orElseThrow();
        assertEquals("NameError", error.name());
        assertEquals("name 'undefined_name' is not defined", error.message());
        assertTrue(String.join("\n", error.traceback()).contains("NameError"), error.traceback().toString());
    }

    /** remote-kernels §B.16 (PR #94): display(rows) is a table, not dropped. */
    @Test
    void displayOfRowsGivesATableWithTypedColumns() throws InterruptedException {
        Execution execution = run(open(), "display([{'id': 1, 'name': 'a'}, {'id': 2, 'name': 'b'}])");

        TableOutput table = assertInstanceOf(TableOutput.class, execution.outputs().get(0));
        assertEquals(List.of(new TableOutput.Column("id", "long"), new TableOutput.Column("name", "string")),
                table.columns());
        assertEquals(List.of(List.of(1, "a"), List.of(2, "b")), table.rows());
        assertFalse(table.truncated());
    }

    /** remote-kernels §B.16 (PR #94): an image result is an image, not dropped. */
    @Test
    void displayOfPngBytesGivesAnImage() throws InterruptedException {
        Execution execution = run(open(), "import base64\ndisplay(base64.b64decode("
                + "'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='))");

        ImageOutput image = assertInstanceOf(ImageOutput.class, execution.outputs().get(0));
        assertEquals("image/png", image.mimeType());
        assertTrue(Arrays.equals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(image.data(), 4)));
    }

    /** remote-kernels §B D1: an interrupt cancels the remote command, and the cell ends at once. */
    @Test
    void interruptCancelsTheRunningCellAndTheContextKeepsItsState() throws Exception {
        Session session = open();
        run(session, "kept = 'still here'");
        CompletableFuture<Execution> sleeping = CompletableFuture.supplyAsync(() -> {
            try {
                return run(session, "import time\ntime.sleep(60)");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> session.info().contextId().isPresent());
        Thread.sleep(500);

        long before = System.nanoTime();
        session.interrupt();
        Execution execution = sleeping.get(5, TimeUnit.SECONDS);

        assertEquals(Execution.Status.CANCELLED, execution.status());
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(2), "cancel took too long");
        assertEquals(List.of(new ValueOutput("'still here'")), run(session, "kept").outputs());
    }

    /** remote-kernels §B.14 (PR #30) and D4: a lost context is replaced, the user told so, and the cell runs once. */
    @Test
    void aClusterRestartedBetweenCellsIsReportedOnceAndTheCellRunsOnceInAFreshContext()
            throws InterruptedException {
        Session session = open();
        run(session, "x = 1");
        emulator.clusters().restart(emulator.defaultClusterId());
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.clusters().isRunning(emulator.defaultClusterId()));

        Execution fresh = run(session, "print('ran')\nx");
        Execution next = run(session, "1");

        TextOutput notice = (TextOutput) fresh.outputs().get(0);
        assertTrue(notice.stderr() && notice.text().startsWith("Remote state was lost: cluster"), notice.text());
        assertTrue(notice.text().contains("restarted"), notice.text());
        assertEquals(new TextOutput("ran\n"), fresh.outputs().get(1), "the cell ran once, in the fresh context");
        assertEquals("NameError", fresh.error().orElseThrow().name(), "the earlier cell must not be re-run");
        assertEquals(List.of(new ValueOutput("1")), next.outputs());
    }

    /** remote-kernels §B D4: a cell whose context was lost while it ran is never run a second time. */
    @Test
    void aContextLostWhileACommandRunsEndsThatCommandWithoutRunningItAgain() throws Exception {
        Session session = open();
        run(session, "1");
        java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);
        ProgressListener listener = new ProgressListener() {
            @Override
            public void progress(String line) {
            }

            @Override
            public void output(TextOutput text) {
                printed.countDown();
            }
        };
        var sleeping = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return session.execute("import time\nprint('sleeping', flush=True)\ntime.sleep(30)", listener);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(printed.await(20, TimeUnit.SECONDS), "the command started");
        emulator.clusters().restart(emulator.defaultClusterId());

        Execution lost = sleeping.get(30, TimeUnit.SECONDS);

        ErrorOutput error = lost.error().orElseThrow();
        assertEquals("ContextLost", error.name());
        assertTrue(error.message().contains("This cell may not have finished"), error.message());
    }

    @Test
    void printedTextArrivesWhileTheCommandRunsAndIsKeptWhenItRaises() throws InterruptedException {
        Session session = open();
        List<TextOutput> live = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void progress(String line) {
            }

            @Override
            public void output(TextOutput text) {
                live.add(text);
            }
        };
        Execution execution = session.execute("import sys, time\nprint('first', flush=True)\n"
                + "print('warn', file=sys.stderr)\ntime.sleep(1.5)\nraise ValueError('late')", listener);

        assertEquals(List.of(new TextOutput("first\n"), new TextOutput("warn\n", true)), live);
        assertEquals(2, execution.streamed());
        assertEquals(live, execution.outputs().subList(0, 2));
        assertEquals("ValueError", execution.error().orElseThrow().name());
    }

    /** remote-kernels §B D2: no cell is killed after a fixed time; only a limit the user set cancels it. */
    @Test
    void aCellTimeoutTheUserSetCancelsTheCommand() throws InterruptedException {
        Session session = open();
        assertEquals(java.util.Optional.empty(), session.cellTimeout(), "no limit unless the user sets one");
        session.cellTimeout(java.util.Optional.of(Duration.ofSeconds(1)));

        Execution timedOut = run(session, "import time\ntime.sleep(30)");

        assertEquals("CellTimeout", timedOut.error().orElseThrow().name());
        session.cellTimeout(java.util.Optional.empty());
        assertEquals(List.of(new ValueOutput("'usable'")), run(session, "'usable'").outputs());
    }

    /** remote-kernels §B D3: closing the session (kernel shutdown or restart) destroys its context. */
    @Test
    void closeDestroysTheContext() throws InterruptedException {
        Session session = open();
        run(session, "1");
        String context = session.info().contextId().orElseThrow();
        assertTrue(emulator.liveContextIds(emulator.defaultClusterId()).contains(context));

        session.close();

        assertFalse(emulator.liveContextIds(emulator.defaultClusterId()).contains(context));
    }

    @Test
    void aClusterInErrorIsReportedWithItsStateMessage() {
        String id = emulator.defaultClusterId();
        emulator.clusters().fail(id, "Driver could not start: instance capacity exhausted");
        try {
            ClusterUnavailableException e = assertThrows(ClusterUnavailableException.class, () -> run(open(), "1"));

            assertTrue(e.getMessage().contains("ERROR: Driver could not start: instance capacity exhausted"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("choose another cluster"), e.getMessage());
        } finally {
            emulator.clusters().terminate(id);
        }
    }

    @Test
    void aWrongTokenSaysHowToSignInAgainWithoutShowingTheToken() {
        Session session = RemoteSession.open(dir, env("dapi-wrong-token-value"));
        sessions.add(session);

        LakebookException e = assertThrows(NotConfiguredException.class, () -> run(session, "1"));

        assertTrue(e.getMessage().contains("Invalid access token"), e.getMessage());
        assertTrue(e.getMessage().contains("lakebook login"), e.getMessage());
        assertFalse(e.getMessage().contains("dapi-wrong-token-value"));
    }

    @Test
    void anUnknownClusterIsNamed() {
        Map<String, String> env = env(emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", "0000-000000-missing");
        Session session = RemoteSession.open(dir, env);
        sessions.add(session);

        LakebookException e = assertThrows(ClusterUnavailableException.class, () -> run(session, "1"));

        assertTrue(e.getMessage().contains("0000-000000-missing"), e.getMessage());
    }

    @Test
    void outputsKeepTheirOrder() throws InterruptedException {
        List<Output> outputs = run(open(), "for i in range(3):\n    print(i)\n'done'").outputs();

        assertEquals(List.of(new TextOutput("0\n1\n2\n"), new ValueOutput("'done'")), outputs);
    }
    private static String value(Session session, String code) throws InterruptedException {
        Execution execution = run(session, code);
        assertEquals(Execution.Status.OK, execution.status(), execution.outputs().toString());
        return ((ValueOutput) execution.outputs().get(execution.outputs().size() - 1)).repr();
    }

    /**
     * remote-kernels §B.6 (PR #106), §B.10 (PR #164) and §B.12 (PR #242): cells run in the project's copy, so
     * relative paths work; the copy is one folder per project on the driver's local disk, in a folder of the driver
     * user's own (its uid, not a workspace user name), and the same folder in every session of that project.
     */
    @Test
    void cellsRunInTheProjectsOwnFolderOnTheDriverTheSameInEverySession() throws Exception {
        Files.writeString(dir.resolve("lookup.csv"), "code,name\n");
        Session first = open();
        String expected = value(first, "import os, tempfile\nos.path.join(tempfile.gettempdir(), 'lakebook-sync-%d'"
                + " % os.getuid(), " + Commands.pythonString(ProjectSync.folderName(dir.toAbsolutePath().normalize(), CopyLedger.computerId(Map.of())))
                + ")");

        assertEquals(expected, value(first, "import os\nos.getcwd()"));
        assertEquals("'code,name\\n'", value(first, "open('lookup.csv').read()"));
        first.close();
        assertEquals(expected, value(open(), "import os\nos.getcwd()"));
    }

    /**
     * remote-kernels §B.6 and §B.14 (PRs #106, #30), D4 and D5: after a cluster restart the project is copied again
     * and put back on {@code sys.path} and as the working directory before the cell runs, and the cell runs once.
     */
    @Test
    void afterAClusterRestartTheProjectIsBackBeforeTheCellRunsOnce() throws Exception {
        Files.writeString(dir.resolve("helpers.py"), "VALUE = 7\n");
        Session session = open();
        String cwd = value(session, "import os\nos.getcwd()");
        emulator.clusters().restart(emulator.defaultClusterId());
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.clusters().isRunning(emulator.defaultClusterId()));

        Execution fresh = run(session, "import os, helpers\nprint('ran')\n(helpers.VALUE, os.getcwd())");

        assertEquals(Execution.Status.OK, fresh.status(), fresh.outputs().toString());
        assertTrue(((TextOutput) fresh.outputs().get(0)).text().startsWith("Remote state was lost"));
        assertEquals(List.of(new TextOutput("ran\n"), new ValueOutput("(7, " + cwd + ")")),
                fresh.outputs().subList(1, fresh.outputs().size()));
    }

    /**
     * remote-kernels §B.11 (PR #239): a large file travels in parts that keep every command under 1 MiB, and
     * arrives whole.
     */
    @Test
    void aLargeFileTravelsInCommandsUnderOneMebibyteAndArrivesWhole() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024];
        new java.util.Random(11).nextBytes(content);
        Files.write(dir.resolve("big.bin"), content);
        String name = ProjectSync.folderName(dir.toAbsolutePath().normalize(), CopyLedger.computerId(Map.of()));

        String remote = value(open(), "import hashlib\nhashlib.sha256(open('big.bin', 'rb').read()).hexdigest()");

        assertEquals("'" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content)) + "'", remote);
        List<Integer> puts = emulator.requests().stream()
                .filter(e -> e.command().startsWith("_lakebook_sync_put(" + Commands.pythonString(name)))
                .map(io.lakebook.emulator.http.RequestLog.Entry::bodyBytes).toList();
        assertTrue(puts.size() >= 6, puts.toString());
        assertTrue(puts.stream().allMatch(bytes -> bytes < 1024 * 1024), puts.toString());
    }
    /** remote-kernels §B.20 (PR #240): every call names lakebook and its version, for attribution in audit logs. */
    @Test
    void everyCallNamesLakebookAndItsVersionInTheUserAgent() throws InterruptedException {
        Session session = open();
        int before = emulator.requests().size();

        run(session, "'attributed'");

        List<String> agents = emulator.requests().subList(before, emulator.requests().size()).stream()
                .map(io.lakebook.emulator.http.RequestLog.Entry::userAgent).distinct().toList();
        assertFalse(agents.isEmpty());
        assertTrue(agents.stream().allMatch(agent -> agent.startsWith("lakebook/" + io.lakebook.core.Lakebook.VERSION
                + " ")), agents.toString());
    }
}
