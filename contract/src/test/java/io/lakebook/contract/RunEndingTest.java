package io.lakebook.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.sql.StatementState;
import io.lakebook.core.remote.Workspaces;
import io.lakebook.emulator.Emulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a run ends, against the emulator: the clean-up removes everything the run made, once, whoever asks for it and
 * whenever, including statements still running and a cluster the run started; a stopped run says so.
 */
class RunEndingTest {
    private static final Source DOC = Source.documented("https://docs.databricks.com/api/workspace/workspace/mkdirs");
    private static final String CROSS_JOIN = "SELECT count(*) FROM range(1000000) a CROSS JOIN range(1000000) b "
            + "WHERE a.id * b.id = -1";
    private static Emulator emulator;
    private static WorkspaceClient workspace;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().python(Path.of("/usr/bin/python3")).clusterStartDelay(Duration.ZERO).build()
                .start();
        workspace = Workspaces.connect(new DatabricksConfig().setHost(emulator.host()).setToken(emulator.token()),
                List.of("the emulator"));
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static Target target(String cluster, boolean startCluster) {
        return new Target(workspace, emulator.host(), new TargetOptions(Optional.ofNullable(cluster),
                Optional.of(emulator.defaultWarehouseId()), Optional.empty(), startCluster, Optional.empty()));
    }

    @Test
    void theCleanUpCancelsAStatementTheRunLeftRunning() {
        List<String> started = new ArrayList<>();
        Check leaves = new Check("sql", "starts a long statement and stops", DOC, t -> {
            started.add(t.startStatement(CROSS_JOIN).statementId());
            throw new IllegalStateException("the check ended before its cancel");
        });

        Report run = SuiteRunner.run(target(null, false), List.of(leaves), r -> { });

        String id = started.get(0);
        assertEquals(List.of("cancelled statement " + id + ", which was still running"), run.cleanUp());
        assertEquals(StatementState.CANCELED, workspace.statementExecution().getStatement(id).getStatus().getState());
        assertTrue(run.passed() == false && run.complete(), run.text());
    }

    @Test
    void aRunThatStartedATerminatedClusterTerminatesItAgainAndLeavesARunningOneRunning() throws Exception {
        String idle = emulator.clusters().add("selftest-started");
        String busy = emulator.clusters().add("selftest-running");
        workspace.clusters().start(busy).get(Duration.ofSeconds(30));
        Check usesCluster = new Check("commands", "makes a context", DOC, t -> t.context());

        Report started = SuiteRunner.run(target(idle, true), List.of(usesCluster), r -> { });
        Report alreadyRunning = SuiteRunner.run(target(busy, true), List.of(usesCluster), r -> { });

        assertTrue(started.cleanUp().contains("terminated cluster " + idle + " again: it was TERMINATED before the "
                + "run started it"), started.text());
        assertTrue(List.of(State.TERMINATING, State.TERMINATED).contains(workspace.clusters().get(idle).getState()));
        assertTrue(started.text().contains("cluster: " + idle + ", TERMINATED when the run began"), started.text());
        assertTrue(alreadyRunning.cleanUp().stream().noneMatch(line -> line.contains("terminated")),
                alreadyRunning.text());
        assertEquals(State.RUNNING, workspace.clusters().get(busy).getState());
        assertTrue(alreadyRunning.text().contains("cluster: " + busy + ", RUNNING when the run began"));
    }

    /**
     * Ctrl-C: another thread (the shutdown hook) begins the clean-up and interrupts the run. Everything made so far
     * goes, the check under way is reported as stopped, and nothing after it runs.
     */
    @Test
    void aCleanUpFromAnotherThreadStopsTheRunAndRemovesWhatItMade() throws Exception {
        String cluster = emulator.clusters().add("selftest-interrupted");
        workspace.clusters().start(cluster).get(Duration.ofSeconds(30));
        Target target = target(cluster, false);
        CountDownLatch made = new CountDownLatch(1);
        List<String> folder = new ArrayList<>();
        List<String> context = new ArrayList<>();
        List<Check> checks = List.of(new Check("a", "makes things and waits", DOC, t -> {
            folder.add(t.scratchFolder());
            context.add(t.newContext());
            made.countDown();
            Thread.sleep(60_000);
        }), new Check("a", "comes after", DOC, t -> t.scratchFolder()));
        Thread runner = Thread.currentThread();
        CompletableFuture<List<String>> stop = CompletableFuture.supplyAsync(() -> {
            try {
                made.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            runner.interrupt();
            return target.cleanUp(Duration.ofSeconds(20));
        });

        Report run = SuiteRunner.run(target, checks, r -> { });

        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        List<String> lines = stop.get(30, TimeUnit.SECONDS);
        assertEquals(run.cleanUp(), lines, "the clean-up ran once; both callers heard the same lines");
        assertEquals(List.of("destroyed execution context " + context.get(0), "deleted workspace folder "
                + folder.get(0)), lines);
        assertThrows(ResourceDoesNotExist.class, () -> workspace.workspace().getStatus(folder.get(0)));
        assertEquals(java.util.Set.of(), emulator.liveContextIds(cluster), "contexts left on the cluster");
        assertEquals(1, run.results().size(), run.text());
        assertEquals(Outcome.SKIPPED, run.results().get(0).outcome());
        assertEquals("the run was stopped before this check finished", run.results().get(0).detail());
        assertFalse(run.passed());
        assertTrue(run.summary().endsWith("; stopped after 1 of 2 checks"), run.summary());
    }

    /** A clean-up that cannot finish in time says what is left and what to do; it finishes all the same. */
    @Test
    void aCleanUpCutShortSaysWhatIsLeftToRemoveByHand() {
        Target target = target(null, false);
        String folder = target.scratchFolder();

        List<String> cut = target.cleanUp(Duration.ZERO);
        List<String> done = target.cleanUp();

        assertEquals(List.of("NOT deleted workspace folder " + folder + " (the clean-up was cut short after 0 s): "
                + "remove it by hand"), cut);
        assertEquals(List.of("deleted workspace folder " + folder), done);
        assertThrows(Skipped.class, () -> target.statement("SELECT 1"), "nothing new is made once the clean-up began");
    }
}
