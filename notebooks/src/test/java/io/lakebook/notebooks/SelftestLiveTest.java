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
    }

    @Test
    void refusesWithoutAWorkspaceNamed() throws Exception {
        Processes.Result result = Processes.runIsolated(Processes.lakebook("selftest", "--live"),
                Map.of("HOME", home.toString()), home, 120);

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("--live needs a workspace: name a profile with --profile NAME (or "
                + "DATABRICKS_CONFIG_PROFILE), or set DATABRICKS_HOST and DATABRICKS_TOKEN"), result.output());
    }

    private static Processes.Result selftest(String... args) throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString(), "LANG", "C.UTF-8",
                "DATABRICKS_HOST", printed.get("DATABRICKS_HOST"), "DATABRICKS_TOKEN", printed.get("DATABRICKS_TOKEN"));
        List<String> command = new ArrayList<>(Processes.lakebook("selftest"));
        command.addAll(List.of(args));
        return Processes.runIsolated(command, env, home, 300);
    }
}
