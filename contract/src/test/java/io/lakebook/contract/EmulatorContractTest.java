package io.lakebook.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.catalog.ListSchemasRequest;
import com.databricks.sdk.service.compute.State;
import io.lakebook.contract.checks.ContractSuite;
import io.lakebook.core.remote.Workspaces;
import io.lakebook.emulator.Emulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract suite against the emulator, in every build: each check is one test, and each must pass. The suite
 * reaches the emulator only through its host and token, as a live run reaches a workspace.
 */
class EmulatorContractTest {
    private static final Source DOC = Source.documented("https://docs.databricks.com/api/workspace/workspace/mkdirs");
    private static Emulator emulator;
    private static WorkspaceClient workspace;
    private static Report report;

    @BeforeAll
    static void runSuite() {
        emulator = Emulator.builder().python(Path.of("/usr/bin/python3")).build().start();
        workspace = Workspaces.connect(new DatabricksConfig().setHost(emulator.host()).setToken(emulator.token()),
                List.of("the emulator"));
        TargetOptions options = new TargetOptions(Optional.of(emulator.defaultClusterId()),
                Optional.of(emulator.defaultWarehouseId()), Optional.empty(), true,
                Optional.of(workspace.servingEndpoints().list().iterator().next().getName()));
        report = SuiteRunner.run(new Target(workspace, emulator.host(), options), ContractSuite.checks(), r -> { });
        System.out.println(report.text());
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCheckPassesAgainstTheEmulator() {
        return report.results().stream().map(result -> DynamicTest.dynamicTest(result.check().title(),
                () -> assertEquals(Outcome.PASSED, result.outcome(), result.detail())));
    }

    @Test
    void everyCheckOfTheSuiteRan() {
        assertEquals(ContractSuite.checks().size(), report.results().size());
    }

    @Test
    void theRunRemovedEverythingItMade() {
        assertTrue(report.passed(), report.text());
        List<String> left = new ArrayList<>();
        String user = workspace.currentUser().me(new com.databricks.sdk.service.iam.MeRequest()).getUserName();
        workspace.workspace().list("/Users/" + user).forEach(o -> left.add(o.getPath()));
        assertTrue(left.stream().noneMatch(p -> p.contains("lakebook-selftest")), left.toString());
        workspace.schemas().list(new ListSchemasRequest().setCatalogName("main"))
                .forEach(s -> left.add(s.getFullName()));
        assertTrue(left.stream().noneMatch(p -> p.contains("lakebook_selftest")), left.toString());
        assertEquals(java.util.Set.of(), emulator.liveContextIds(emulator.defaultClusterId()),
                "execution contexts left on the cluster");
        assertTrue(report.cleanUp().contains("terminated cluster " + emulator.defaultClusterId() + " again: it was "
                + "TERMINATED before the run started it"), report.text());
        assertTrue(List.of(State.TERMINATING, State.TERMINATED).contains(workspace.clusters()
                .get(emulator.defaultClusterId()).getState()), "the cluster the run started is terminated again");
    }

    /** Every check names a public page where a user reads its behaviour; the report explains what they are. */
    @Test
    void everyCheckNamesThePublicPageOfItsBehaviour() {
        for (Check check : ContractSuite.checks()) {
            String url = check.source().url();
            assertTrue(url.startsWith("https://docs.databricks.com/") || url.startsWith("https://github.com/databricks/")
                    || url.startsWith("https://datatracker.ietf.org/"), check.title() + ": " + url);
            assertTrue(report.text().contains(check.title() + " (") && report.text().contains(url), url);
        }
        assertTrue(report.text().contains(Report.SOURCES), report.text());
        for (String unexplained : List.of("§", "⚠", "❓")) {
            assertFalse(report.text().contains(unexplained), "the report shows " + unexplained);
        }
        assertTrue(report.text().contains("cluster: " + emulator.defaultClusterId() + ", TERMINATED when the run "
                + "began (started if TERMINATED, then terminated again at the end)"), report.text());
    }

    @Test
    void withoutStartClusterACheckNeedingTheClusterIsSkippedAndTheClusterIsLeftAlone() {
        String idle = emulator.clusters().add("selftest-idle");
        TargetOptions options = new TargetOptions(Optional.of(idle), Optional.empty(), Optional.empty(), false,
                Optional.empty());
        List<Check> clusterChecks = ContractSuite.checks().stream()
                .filter(c -> c.area().equals("commands") || c.area().equals("clusters")).toList();
        Report run = SuiteRunner.run(new Target(workspace, emulator.host(), options), clusterChecks, r -> { });

        assertEquals(State.TERMINATED, workspace.clusters().get(idle).getState());
        assertTrue(run.results().stream().filter(r -> r.check().area().equals("commands"))
                .allMatch(r -> r.outcome() == Outcome.SKIPPED && r.detail().contains("--start-cluster")), run.text());
        assertEquals(0, run.count(Outcome.DIFFERED), run.text());
    }

    @Test
    void reportsEachOutcomeWithItsReasonAndCleansUpAfterAFailingCheck() {
        Target target = new Target(workspace, emulator.host(), new TargetOptions(Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty()));
        List<String> folder = new ArrayList<>();
        List<Check> checks = List.of(
                new Check("a", "makes the scratch folder", DOC, t -> folder.add(t.scratchFolder())),
                new Check("a", "differs", DOC, t -> Expect.equal(1, 2, "one")),
                new Check("a", "needs a warehouse", DOC, t -> t.warehouseId()),
                new Check("a", "crashes", DOC, t -> {
                    throw new IllegalStateException("boom");
                }));
        List<CheckResult> heard = new ArrayList<>();

        Report run = SuiteRunner.run(target, checks, heard::add);

        assertEquals(run.results(), heard);
        assertEquals(List.of(Outcome.PASSED, Outcome.DIFFERED, Outcome.SKIPPED, Outcome.DIFFERED),
                run.results().stream().map(CheckResult::outcome).toList());
        assertEquals("one: expected 1, got 2", run.results().get(1).detail());
        assertTrue(run.results().get(2).detail().contains("pass --warehouse ID"), run.text());
        assertFalse(run.results().get(2).permission());
        assertEquals("IllegalStateException: boom", run.results().get(3).detail());
        assertFalse(run.passed());
        assertEquals(List.of("deleted workspace folder " + folder.get(0)), run.cleanUp());
        assertThrows(ResourceDoesNotExist.class, () -> workspace.workspace().getStatus(folder.get(0)));
        assertTrue(run.text().contains("1 passed, 2 differed, 1 skipped (0 for lack of permission)"), run.text());
    }
}
