package io.lakebook.core.remote;

import io.lakebook.core.error.LakebookException;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.core.error.WorkspaceException;
import io.lakebook.core.error.WorkspaceUnavailableException;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.faults.Calls;
import io.lakebook.emulator.faults.Rule;
import io.lakebook.emulator.faults.Trials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session against a workspace having a bad day: the emulator's faults, reached through databricks-sdk-java.
 * Every cell must end with its real result or a message that names what happened and what to do, and none may run
 * twice: the emulator's request log counts the cells it was sent and handled.
 *
 * <p>The burst of 503s on every call lasts as many seconds as the system property {@value #BURST_PROPERTY} says
 * (default 5, so that the suite stays quick); the endurance run sets a full minute.
 */
class RemoteSessionFaultsTest {

    static final String BURST_PROPERTY = "lakebook.faults.burst.seconds";
    private static final String EXECUTE = "/api/1.2/commands/execute";
    private static Emulator emulator;
    private final List<Session> sessions = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().port(0).build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    /** Whatever a fault did, closing the sessions leaves no execution context on the cluster. */
    @AfterEach
    void closeSessionsLeavingNoContext() {
        emulator.faults().clear();
        sessions.forEach(Session::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.liveContextIds(emulator.defaultClusterId())
                .isEmpty());
    }

    private RemoteSession open() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CLUSTER_ID", emulator.defaultClusterId());
        env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
        RemoteSession session = (RemoteSession) RemoteSession.open(dir, env);
        sessions.add(session);
        return session;
    }

    private static Execution run(Session session, String code) throws InterruptedException {
        return session.execute(code, ProgressListener.NONE);
    }

    /** How many times the workspace accepted, and so ran, a command with exactly this code. */
    private static long handled(String code) {
        return emulator.requests().stream().filter(call -> call.path().equals(EXECUTE) && call.succeeded()
                && call.command().equals(code)).count();
    }

    private static CompletableFuture<Execution> runLater(Session session, String code, ProgressListener progress) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return session.execute(code, progress);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitSent(String code) {
        await().atMost(Duration.ofSeconds(30)).until(() -> handled(code) == 1);
    }

    private static int burstSeconds() {
        return Integer.getInteger(BURST_PROPERTY, 5);
    }

    /** reference §1.4: a burst of 503s on every call during a cell, then the workspace recovers. */
    @Test
    void aBurstOf503sOnEveryCallDuringACellEndsWithTheCellsRealResult() throws Exception {
        RemoteSession session = open();
        run(session, "1");
        String code = "import time\ntime.sleep(1)\nprint('done')\n6 * 7";
        CompletableFuture<Execution> cell = runLater(session, code, ProgressListener.NONE);
        awaitSent(code);
        Rule burst = emulator.faults().on(Calls.api()).lasting(Duration.ofSeconds(burstSeconds()))
                .unavailable(Optional.empty());

        Execution execution = cell.get(burstSeconds() + 60L, TimeUnit.SECONDS);

        assertEquals(Execution.Status.OK, execution.status(), execution.outputs().toString());
        assertEquals(List.of(new TextOutput("done\n"), new ValueOutput("42")), execution.outputs());
        assertEquals(1, handled(code), "the cell ran once");
        Trials.record("session", "HTTP 503 without Retry-After on every call for " + burstSeconds() + " s during a "
                + "cell", burst.fired(), "the cell ended with its real result", "nothing (the cell ran once)");
    }

    /**
     * reference §1.4: the SDK gives up on a call after four attempts in about 7 to 9 s; past that the session keeps
     * polling, says so, and the cell still ends with its result.
     */
    @Test
    void aBurstOf503sLongerThanTheSdksRetriesIsWaitedOutAndShown() throws Exception {
        RemoteSession session = open();
        run(session, "1");
        List<String> progress = new CopyOnWriteArrayList<>();
        String code = "import time\ntime.sleep(1)\n'waited out'";
        CompletableFuture<Execution> cell = runLater(session, code, progress::add);
        awaitSent(code);
        Rule burst = emulator.faults().on(Calls.statusPollsIn(session.info().contextId().orElseThrow())).times(5)
                .unavailable(Optional.empty());

        Execution execution = cell.get(60L, TimeUnit.SECONDS);

        assertEquals(List.of(new ValueOutput("'waited out'")), execution.outputs());
        assertEquals(1, handled(code), "the cell ran once");
        assertTrue(progress.stream().anyMatch(line -> line.contains("not answering") && line.contains("HTTP 503")),
                progress.toString());
        Trials.record("session", "HTTP 503 without Retry-After on five status polls in a row, past the SDK's four "
                + "attempts", burst.fired(), "the progress line said the workspace was not answering; the "
                + "cell ended with its real result", "nothing (the cell ran once)");
    }

    @Test
    void rateLimitingWithRetryAfterDuringACellIsWaitedOut() throws Exception {
        RemoteSession session = open();
        run(session, "1");
        String code = "import time\ntime.sleep(0.5)\n'limited'";
        CompletableFuture<Execution> cell = runLater(session, code, ProgressListener.NONE);
        awaitSent(code);
        Rule limited = emulator.faults().on(Calls.api()).lasting(Duration.ofSeconds(3))
                .rateLimited(Optional.of(Duration.ofSeconds(1)));

        Execution execution = cell.get(60, TimeUnit.SECONDS);

        assertEquals(List.of(new ValueOutput("'limited'")), execution.outputs());
        assertEquals(1, handled(code));
        Trials.record("session", "HTTP 429 with Retry-After: 1 on every call for 3 s during a cell", limited.fired(),
                "the cell ended with its real result", "nothing (the cell ran once)");
    }

    @Test
    void refusedConnectionsDuringACellAreWaitedOut() throws Exception {
        RemoteSession session = open();
        run(session, "1");
        String code = "import time\ntime.sleep(0.5)\n'reconnected'";
        CompletableFuture<Execution> cell = runLater(session, code, ProgressListener.NONE);
        awaitSent(code);
        emulator.faults().refuseConnections(Duration.ofSeconds(2));

        Execution execution = cell.get(60, TimeUnit.SECONDS);

        assertEquals(List.of(new ValueOutput("'reconnected'")), execution.outputs());
        assertEquals(1, handled(code));
        Trials.record("session", "connections refused for 2 s during a cell", 1, "the cell ended with its real "
                + "result", "nothing (the cell ran once)");
    }

    @Test
    void droppedConnectionsAndCutAnswersWhileACellIsPolledAreReadAgain() throws Exception {
        RemoteSession session = open();
        run(session, "1");
        String code = "import time\ntime.sleep(1)\n'polled'";
        CompletableFuture<Execution> cell = runLater(session, code, ProgressListener.NONE);
        awaitSent(code);
        Calls status = Calls.statusPollsIn(session.info().contextId().orElseThrow());
        Rule dropped = emulator.faults().on(status).times(5).drop(false);
        Rule cut = emulator.faults().on(status).times(2).cut();
        Rule slow = emulator.faults().on(status).times(2).trickle(Duration.ofMillis(400));

        Execution execution = cell.get(60, TimeUnit.SECONDS);

        assertEquals(List.of(new ValueOutput("'polled'")), execution.outputs());
        assertEquals(1, handled(code));
        Trials.record("session", "status polls of a running cell: connection dropped", dropped.fired(), "read again; "
                + "the cell ended with its real result", "nothing");
        Trials.record("session", "status polls of a running cell: answer cut halfway", cut.fired(), "read again; the "
                + "cell ended with its real result", "nothing");
        Trials.record("session", "status polls of a running cell: answer trickled over 0.4 s", slow.fired(),
                "the cell ended with its real result", "nothing");
    }

    /** A send whose answer was lost may have run: it is not sent again, and the message says so. */
    @Test
    void aCellWhoseAnswerWasLostIsNotSentAgainAndTheMessageSaysItMayHaveRun() throws Exception {
        RemoteSession session = open();
        run(session, "1");
        emulator.faults().on(Calls.commandsContaining("lost_answer")).times(1).cut();

        WorkspaceException e = assertThrows(WorkspaceException.class, () -> run(session, "lost_answer = 1"));

        assertTrue(e.getMessage().contains("may be running on the cluster"), e.getMessage());
        assertTrue(e.getMessage().contains("did not ask again"), e.getMessage());
        assertEquals(1, handled("lost_answer = 1"), "sent once, never again");
        assertEquals(List.of(new ValueOutput("1")), run(session, "lost_answer").outputs(), "it ran once");
        emulator.faults().on(Calls.commandsContaining("never_arrived")).times(1).drop(false);
        WorkspaceException dropped = assertThrows(WorkspaceException.class, () -> run(session, "never_arrived = 1"));
        assertTrue(dropped.getMessage().contains("may be running"), dropped.getMessage());
        assertEquals(0, handled("never_arrived = 1"));
        Trials.record("session", "the answer to a cell's execute cut halfway (the cell ran)", 1, "WorkspaceException: "
                + "the cell may be running on the cluster, lakebook did not send it again", "nothing (ran once)");
        Trials.record("session", "the connection dropped before a cell's execute arrived", 1, "the same message; "
                + "the cell had not run and was not sent again", "the cell did not run; the message says to check");
    }

    /** reference §1.4 + §2.8: a 503 burst must not be mistaken for a lost context (a bug fixed here). */
    @Test
    void anOutageOnTheStatusPollIsNotMistakenForALostContext() throws Exception {
        RemoteSession session = open();
        session.outageWait(Duration.ZERO);
        run(session, "kept = 'still here'");
        String context = session.info().contextId().orElseThrow();
        String code = "import time\ntime.sleep(1)\n'x'";
        CompletableFuture<Execution> cell = runLater(session, code, ProgressListener.NONE);
        awaitSent(code);
        emulator.faults().on(Calls.to("GET", "/api/1.2/commands/status")).unavailable(Optional.of(Duration.ZERO));

        Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> cell.get(30, TimeUnit.SECONDS)).getCause();
        emulator.faults().clear();

        assertTrue(failure instanceof WorkspaceUnavailableException, String.valueOf(failure));
        assertTrue(failure.getMessage().contains("may still be running"), failure.getMessage());
        assertFalse(failure.getMessage().contains("ContextLost"), failure.getMessage());
        assertEquals(Optional.of(context), session.info().contextId(), "the context is kept");
        assertEquals(List.of(new ValueOutput("'still here'")), run(session, "kept").outputs());
    }

    @Test
    void anOutageLongerThanTheLimitEndsTheCellSayingWhatHappened() throws Exception {
        RemoteSession session = open();
        session.outageWait(Duration.ofSeconds(2));
        run(session, "1");
        emulator.faults().on(Calls.api()).unavailable(Optional.of(Duration.ZERO));
        long started = System.nanoTime();

        WorkspaceUnavailableException e = assertThrows(WorkspaceUnavailableException.class,
                () -> run(session, "'never'"));

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertTrue(seconds < 20, seconds + " s");
        assertTrue(e.getMessage().startsWith("The workspace did not answer for"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertTrue(e.getMessage().contains("The cell did not run"), e.getMessage());
        assertTrue(e.getMessage().contains(Patience.ENV), e.getMessage());
        emulator.faults().clear();
        assertEquals(List.of(new ValueOutput("'after'")), run(session, "'after'").outputs());
        assertEquals(0, handled("'never'"));
        Trials.record("session", "HTTP 503 on every call, lasting past the outage wait (2 s)", 1, "the cell ended in "
                + seconds + " s: the workspace did not answer, the cell did not run, what to check",
                "nothing (the cell was not run; the next cell ran)");
    }

    /** remote-kernels §D.5: an evicted context is replaced, the user told so, and the cell runs once. */
    @Test
    void aContextEvictedBetweenCellsIsReplacedAndTheCellRunsOnceWithNothingLeftBehind() throws Exception {
        RemoteSession session = open();
        run(session, "evicted_value = 1");
        String context = session.info().contextId().orElseThrow();
        assertTrue(emulator.faults().evictContext(context));

        Execution fresh = run(session, "print('once')\nevicted_value");

        TextOutput notice = (TextOutput) fresh.outputs().get(0);
        assertTrue(notice.text().startsWith("Remote state was lost"), notice.text());
        assertTrue(notice.text().contains("no longer knows the context"), notice.text());
        assertEquals(new TextOutput("once\n"), fresh.outputs().get(1));
        assertEquals("NameError", fresh.error().orElseThrow().name());
        assertEquals(1, handled("print('once')\nevicted_value"));
        assertNotEquals(Optional.of(context), session.info().contextId());
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.liveContextIds(emulator.defaultClusterId())
                .size() == 2);
        Trials.record("session", "the notebook's context evicted between cells", 1, "the next cell said the remote "
                + "state was lost and ran once in a fresh context", "earlier variables (as on Databricks), said so");
    }

    @Test
    void aClusterTerminatedWhileACellRunsEndsThatCellSayingSoAndTheNextCellStartsIt() throws Exception {
        RemoteSession session = open();
        run(session, "1");
        String code = "import time\ntime.sleep(30)";
        CompletableFuture<Execution> cell = runLater(session, code, ProgressListener.NONE);
        awaitSent(code);
        emulator.clusters().terminate(emulator.defaultClusterId());

        Execution lost = cell.get(30, TimeUnit.SECONDS);

        ErrorOutput error = lost.error().orElseThrow();
        assertEquals("ContextLost", error.name());
        assertTrue(error.message().contains("TERMINAT"), error.message());
        assertTrue(error.message().contains("This cell may not have finished. Run it again"), error.message());
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.clusters().state(emulator.defaultClusterId())
                .toString().equals("TERMINATED"));
        assertTrue(run(session, "'back'").outputs().contains(new ValueOutput("'back'")));
        assertEquals(1, handled(code));
        Trials.record("session", "the cluster terminated while a cell ran", 1, "ContextLost: the cluster is "
                + "TERMINATING, the cell may not have finished; the next cell started the cluster", "the running "
                + "cell's work and earlier variables (as on Databricks), said so");
    }

    /** A command that hangs and ignores cancel must not hang the notebook: the cell ends, the context is left. */
    @Test
    void aStuckCommandThatIgnoresItsCancelEndsTheCellAndTheNextRunsInAFreshContext() throws Exception {
        RemoteSession session = open();
        session.cancelWait(Duration.ofSeconds(1));
        run(session, "before_stuck = 1");
        String abandoned = session.info().contextId().orElseThrow();
        emulator.faults().stickCommands(code -> code.contains("hangs_here"));
        String code = "print('hangs_here')";
        CompletableFuture<Execution> cell = runLater(session, code, ProgressListener.NONE);
        awaitSent(code);
        Thread.sleep(300);

        long started = System.nanoTime();
        session.interrupt();
        Execution stuck = cell.get(20, TimeUnit.SECONDS);

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        ErrorOutput error = stuck.error().orElseThrow();
        assertEquals("CommandNotStopped", error.name());
        assertTrue(error.message().contains("did not stop within 1 s of being cancelled"), error.message());
        assertTrue(error.message().contains("%lakebook restart"), error.message());
        assertTrue(seconds < 10, seconds + " s");
        Execution next = run(session, "before_stuck");
        assertEquals("NameError", next.error().orElseThrow().name(), "a fresh context");
        await().atMost(Duration.ofSeconds(10)).until(() -> !emulator.liveContextIds(emulator.defaultClusterId())
                .contains(abandoned));
        assertEquals(1, handled(code));
        Trials.record("session", "a command stuck in Running that ignores cancel, interrupted", 1, "CommandNotStopped "
                + "after the cancel wait; the stuck context was destroyed, the next cell ran in a fresh one",
                "earlier variables, said so");
    }

    @Test
    void aCellTimeoutOnAStuckCommandEndsTheCellToo() throws Exception {
        RemoteSession session = open();
        session.cancelWait(Duration.ofSeconds(1));
        session.cellTimeout(Optional.of(Duration.ofSeconds(1)));
        run(session, "1");
        emulator.faults().stickCommands(code -> code.contains("stuck_with_timeout"));

        Execution stuck = run(session, "'stuck_with_timeout'");

        assertEquals("CommandNotStopped", stuck.error().orElseThrow().name());
        session.cellTimeout(Optional.empty());
        assertTrue(run(session, "1 + 1").outputs().contains(new ValueOutput("2")));
        Trials.record("session", "a command stuck in Running with a cell timeout of 1 s", 1, "CommandNotStopped after "
                + "the timeout and the cancel wait; the next cell ran in a fresh context",
                "earlier variables, said so");
    }

    @Test
    void anInterruptDuringAnOutageEndsTheCellWithoutLosingTheContext() throws Exception {
        RemoteSession session = open();
        session.cancelWait(Duration.ofSeconds(1));
        run(session, "kept_through = 'yes'");
        String code = "import time\ntime.sleep(3)";
        CompletableFuture<Execution> cell = runLater(session, code, ProgressListener.NONE);
        awaitSent(code);
        emulator.faults().on(Calls.api()).unavailable(Optional.of(Duration.ZERO));
        Thread.sleep(500);

        session.interrupt();
        Execution interrupted = cell.get(30, TimeUnit.SECONDS);
        emulator.faults().clear();

        assertEquals("CancelUnconfirmed", interrupted.error().orElseThrow().name());
        assertEquals(List.of(new ValueOutput("'yes'")), run(session, "kept_through").outputs());
    }

    @Test
    void aTokenRefusedMidSessionSaysHowToSignInAgainWithoutShowingIt() throws Exception {
        RemoteSession session = open();
        run(session, "1");
        emulator.faults().tokenExpired(true);

        LakebookException e = assertThrows(NotConfiguredException.class, () -> run(session, "2"));

        assertTrue(e.getMessage().contains("Invalid access token"), e.getMessage());
        assertTrue(e.getMessage().contains("expired or been revoked"), e.getMessage());
        assertTrue(e.getMessage().contains("`lakebook login`"), e.getMessage());
        assertFalse(e.getMessage().contains(emulator.token()));
        Trials.record("session", "the personal access token refused as expired mid-session", 1, "NotConfigured: "
                + "the token may have expired, make a new one or `lakebook login`", "nothing");
    }

    /** A live-output read that fails must not leave its reader context behind (a leak fixed here). */
    @Test
    void aFailedLiveOutputReadLeavesNoReaderContextBehind() throws Exception {
        RemoteSession session = open();
        run(session, "1");
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.liveContextIds(emulator.defaultClusterId())
                .size() == 2);
        Rule cut = emulator.faults().on(Calls.commandsContaining("_lakebook_read(")).times(1).cut();

        Execution execution = run(session, "import time\nprint('a', flush=True)\ntime.sleep(1)\nprint('b')");

        assertEquals(1, cut.fired());
        assertEquals("a\nb\n", execution.outputs().stream().map(o -> ((TextOutput) o).text())
                .reduce("", String::concat));
        run(session, "print('c')");
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.liveContextIds(emulator.defaultClusterId())
                .size() == 2);
        Trials.record("session", "a live-output read's answer cut halfway", cut.fired(), "the output arrived whole "
                + "with the result; the broken reader context was destroyed", "nothing");
    }

}
