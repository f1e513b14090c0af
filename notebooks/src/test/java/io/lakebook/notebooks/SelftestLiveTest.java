package io.lakebook.notebooks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.catalog.ListSchemasRequest;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.iam.MeRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lakebook selftest --live} as a user with a workspace runs it, pointed at a separately started
 * {@code lakebook emulator}: host and token only, no test hooks. It must pass, start the cluster only when asked,
 * and leave nothing behind.
 */
class SelftestLiveTest {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) differed, (\\d+) skipped");

    private static Process emulator;
    private static Map<String, String> printed;
    private static WorkspaceClient workspace;

    @TempDir
    static Path home;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = new ProcessBuilder(Processes.lakebook("emulator", "--start-delay", "0"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        printed = Processes.emulatorSettings(emulator, 4);
        workspace = new WorkspaceClient(new DatabricksConfig().setHost(printed.get("DATABRICKS_HOST"))
                .setToken(printed.get("DATABRICKS_TOKEN")).setHttpTimeoutSeconds(30));
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.destroyForcibly();
        }
    }

    @Test
    void passesAgainstASeparateEmulatorStartsTheClusterOnlyWhenAskedAndLeavesNothingBehind() throws Exception {
        String cluster = printed.get("DATABRICKS_CLUSTER_ID");
        String warehouse = printed.get("DATABRICKS_WAREHOUSE_ID");

        Processes.Result unasked = selftest("--live", "--cluster", cluster, "--only", "clusters,commands");
        assertEquals(0, unasked.exitCode(), unasked.output());
        List<String> commandLines = unasked.output().lines().filter(l -> l.contains(" commands: ")).toList();
        assertEquals(9, commandLines.size(), unasked.output());
        assertTrue(commandLines.stream().allMatch(l -> l.startsWith("SKIPPED")), unasked.output());
        assertTrue(unasked.output().contains("pass --start-cluster"), unasked.output());
        assertEquals(State.TERMINATED, workspace.clusters().get(cluster).getState(), "no cluster start unasked");

        String endpoint = "databricks-claude-sonnet-4-5";
        var gatewayBefore = workspace.servingEndpoints().get(endpoint).getAiGateway();
        Processes.Result full = selftest("--live", "--cluster", cluster, "--warehouse", warehouse,
                "--start-cluster", "--gateway-endpoint", endpoint, "--report",
                "selftest-report.txt");
        assertEquals(0, full.exitCode(), full.output());
        Matcher summary = SUMMARY.matcher(full.output());
        assertTrue(summary.find(), full.output());
        assertTrue(Integer.parseInt(summary.group(1)) >= 30, full.output());
        assertEquals("0", summary.group(2), full.output());
        assertEquals("0", summary.group(3), full.output());
        assertTrue(java.nio.file.Files.readString(home.resolve("selftest-report.txt")).contains(summary.group()));

        List<String> left = new ArrayList<>();
        String user = workspace.currentUser().me(new MeRequest()).getUserName();
        workspace.workspace().list("/Users/" + user).forEach(o -> left.add(o.getPath()));
        workspace.schemas().list(new ListSchemasRequest().setCatalogName("main"))
                .forEach(schema -> left.add(schema.getFullName()));
        assertTrue(left.stream().noneMatch(name -> name.contains("selftest")), "left behind: " + left);
        assertEquals(gatewayBefore, workspace.servingEndpoints().get(endpoint).getAiGateway(),
                "the endpoint's AI Gateway settings after the run");
        assertTrue(full.output().contains("terminated cluster " + cluster + " again: it was TERMINATED before the run "
                + "started it"), full.output());
        assertTrue(List.of(State.TERMINATING, State.TERMINATED).contains(workspace.clusters().get(cluster).getState()),
                "the cluster the run started is terminated again");
    }

    /**
     * Ctrl-C in the middle of a run (SIGINT to the selftest process, once its scratch folder and an execution
     * context exist): the same clean-up runs from a shutdown hook and says what it removed, and listing the
     * workspace afterwards shows nothing of the run; the cluster it started is terminated again.
     */
    @Test
    void ctrlCInTheMiddleOfARunStillRemovesWhatItMade() throws Exception {
        String cluster = printed.get("DATABRICKS_CLUSTER_ID");
        if (workspace.clusters().get(cluster).getState() != State.TERMINATED) {
            workspace.clusters().delete(cluster).get(java.time.Duration.ofSeconds(60));
        }
        long pythonsBefore = pythons();
        // A shell may have set SIGINT aside for background jobs; a user's Ctrl-C reaches a foreground process.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(Processes.lakebook("selftest", "--live", "--cluster", cluster, "--start-cluster", "--only",
                "workspace,clusters,commands"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(selftestEnv());
        Process selftest = builder.start();
        StringBuilder output = new StringBuilder();
        java.util.concurrent.CountDownLatch contextMade = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(selftest.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("PASSED   commands: create().get() returns a Running context")) {
                        contextMade.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();

        assertTrue(contextMade.await(120, java.util.concurrent.TimeUnit.SECONDS), output.toString());
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(selftest.pid())).start().waitFor());
        assertTrue(selftest.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), output.toString());
        reader.join(10_000);

        String said = output.toString();
        assertEquals(130, selftest.exitValue(), said);
        assertTrue(said.contains("lakebook selftest: stopped; removing what the run made (for at most 30 s)"), said);
        Matcher folder = Pattern.compile("  deleted workspace folder (/Users/\\S+/lakebook-selftest-\\S+)")
                .matcher(said);
        assertTrue(folder.find(), said);
        Matcher context = Pattern.compile("  destroyed execution context (\\S+)").matcher(said);
        assertTrue(context.find(), said);
        assertTrue(said.contains("  terminated cluster " + cluster + " again: it was TERMINATED before the run "
                + "started it"), said);
        assertFalse(said.contains("NOT "), said);
        List<String> left = new ArrayList<>();
        String user = workspace.currentUser().me(new MeRequest()).getUserName();
        workspace.workspace().list("/Users/" + user).forEach(o -> left.add(o.getPath()));
        assertTrue(left.stream().noneMatch(name -> name.contains("lakebook-selftest")), "left behind: " + left);
        assertTrue(List.of(State.TERMINATING, State.TERMINATED).contains(workspace.clusters().get(cluster).getState()));
        assertThrows(com.databricks.sdk.core.DatabricksError.class, () -> workspace.commandExecution()
                .contextStatus(cluster, context.group(1)), "the context after the run");
        // Each execution context is a Python process of the emulator: none of the run's is left.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (pythons() > pythonsBefore && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(pythonsBefore, pythons(), "the emulator's Python processes after the run");
    }

    /** The emulator's Python processes, one per live execution context. */
    private static long pythons() {
        return emulator.descendants().filter(p -> p.info().command().map(c -> c.contains("python")).orElse(false))
                .count();
    }

    @Test
    void refusesWithoutAWorkspaceNamed() throws Exception {
        Processes.Result result = Processes.runIsolated(Processes.lakebook("selftest", "--live"),
                Map.of("HOME", home.toString()), home, 120);

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("--live needs a workspace: name a profile with --profile NAME (or "
                + "DATABRICKS_CONFIG_PROFILE), or set DATABRICKS_HOST and DATABRICKS_TOKEN"), result.output());
    }

    private static Map<String, String> selftestEnv() {
        return Map.of("HOME", home.toString(), "LANG", "C.UTF-8",
                "DATABRICKS_HOST", printed.get("DATABRICKS_HOST"), "DATABRICKS_TOKEN", printed.get("DATABRICKS_TOKEN"));
    }

    private static Processes.Result selftest(String... args) throws Exception {
        List<String> command = new ArrayList<>(Processes.lakebook("selftest"));
        command.addAll(List.of(args));
        return Processes.runIsolated(command, selftestEnv(), home, 300);
    }
}
