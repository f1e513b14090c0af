package io.lakebook.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.emulator.Emulator;
import io.lakebook.installer.command.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakebook selftest}: what it refuses before it runs a check, and what its header says, against an emulator
 * reached through host and token only.
 */
class SelftestCommandTest {
    private static Emulator emulator;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path home;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().build().start();
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    /** The environment of a user whose DATABRICKS_HOST and DATABRICKS_TOKEN name the emulator. */
    private Map<String, String> workspaceEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_CONFIG_FILE", home.resolve("absent.cfg").toString());
        env.put("HOME", home.toString());
        return env;
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private int run(Map<String, String> env, String... args) {
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, home);
        return Main.run(args, console);
    }

    @Test
    void workspaceOptionsNeedLive() {
        assertEquals(2, run(Map.of(), "selftest", "--cluster", "0123-456789-abcdefgh"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--cluster applies to a workspace: add --live"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void liveNeedsANamedWorkspaceNotJustADefaultProfile() {
        assertEquals(2, run(Map.of("DATABRICKS_CONFIG_FILE", home.resolve("absent.cfg").toString()), "selftest",
                "--live"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--live needs a workspace: name a profile with "
                + "--profile NAME (or DATABRICKS_CONFIG_PROFILE), or set DATABRICKS_HOST and DATABRICKS_TOKEN"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTakesKnownAreas() {
        assertEquals(2, run(Map.of(), "selftest", "--only", "sql,nonsense"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--only takes areas from [identity, workspace, "
                + "clusters, commands, session, sql, catalog, serving, oauth], not 'sql,nonsense'"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMistypedClusterStopsTheRunNamingItAndHowToListTheRealOnes() {
        assertEquals(1, run(workspaceEnv(), "selftest", "--live", "--cluster", "0123-456789-mistyped"));

        assertTrue(output().contains("lakebook selftest: The workspace " + emulator.host() + " has no cluster "
                + "0123-456789-mistyped (from --cluster): Cluster 0123-456789-mistyped does not exist. List the "
                + "clusters you may use with `databricks clusters list` (or the workspace's Compute page), then pass "
                + "--cluster ID."), output());
        assertFalse(output().contains("DIFFERED"), output());
    }

    @Test
    void aMistypedWarehouseFromTheEnvironmentStopsTheRunNamingIt() {
        Map<String, String> env = workspaceEnv();
        env.put("DATABRICKS_WAREHOUSE_ID", "mistyped0warehouse");

        assertEquals(1, run(env, "selftest", "--live", "--only", "sql"));

        assertTrue(output().contains("has no SQL warehouse mistyped0warehouse (from DATABRICKS_WAREHOUSE_ID): "),
                output());
        assertTrue(output().contains("List the SQL warehouses you may use with `databricks warehouses list`"),
                output());
        assertFalse(output().contains("PASSED") || output().contains("DIFFERED"), output());
    }

    /**
     * The environment comes before a named profile, field by field, as in the Databricks SDK's ConfigLoader; the
     * header says which sources were used and that the profile was not.
     */
    @Test
    void aNamedProfileThatTheEnvironmentOverridesIsSaidToBeUnused() throws Exception {
        Path config = home.resolve("databrickscfg");
        Files.writeString(config, "[bad]\nhost = https://unreachable.invalid\ntoken = dapi-not-this-one\n");
        Map<String, String> env = workspaceEnv();
        env.put("DATABRICKS_CONFIG_FILE", config.toString());

        assertEquals(0, run(env, "selftest", "--live", "--profile", "bad", "--only", "identity", "--report",
                "report.txt"));

        assertTrue(output().contains("lakebook selftest: checking " + emulator.host() + " (host from DATABRICKS_HOST, "
                + "token from DATABRICKS_TOKEN)"), output());
        assertTrue(output().contains("  note: profile [bad] is not used: DATABRICKS_HOST and DATABRICKS_TOKEN set in "
                + "the environment come before a profile, field by field, as in the Databricks SDK and CLI. Unset "
                + "them to check profile [bad]."), output());
        assertFalse(output().contains("profile [bad])"), output());
        assertTrue(Files.readString(home.resolve("report.txt")).contains("signed in with: host from DATABRICKS_HOST, "
                + "token from DATABRICKS_TOKEN; note: profile [bad] is not used: "), "the report says so too");
    }

    @Test
    void aReportPathThatIsAFolderOrInAMissingFolderIsRefusedBeforeAnyCheck() throws Exception {
        Files.createDirectories(home.resolve("reports"));

        assertEquals(2, run(workspaceEnv(), "selftest", "--live", "--report", "reports"));
        assertTrue(output().contains("--report reports is a folder (" + home.resolve("reports") + "); name a file, "
                + "e.g. --report " + home.resolve("reports/selftest-report.txt")), output());
        assertEquals(2, run(workspaceEnv(), "selftest", "--live", "--report", "missing/selftest.txt"));
        assertTrue(output().contains("--report missing/selftest.txt: the folder " + home.resolve("missing")
                + " does not exist; make it first, or name a file in a folder that exists"), output());
        assertFalse(output().contains("PASSED") || output().contains("checking "), output());
    }

    @Test
    void anUnreachableHostIsNamedInTheMessage() {
        Map<String, String> env = workspaceEnv();
        env.put("DATABRICKS_HOST", "http://127.0.0.1:1");

        assertEquals(1, run(env, "selftest", "--live", "--only", "identity"));

        assertTrue(output().contains("Could not reach the workspace to read the signed-in user at "
                + "http://127.0.0.1:1: "), output());
    }

    @Test
    void theHeaderShowsTheClusterStateAndVerboseShowsWhereEachBehaviourIsDocumented() throws Exception {
        assertEquals(0, run(workspaceEnv(), "selftest", "--live", "--cluster", emulator.defaultClusterId(), "--only",
                "identity,clusters", "--verbose", "--report", "report.txt"));

        assertTrue(output().contains("  cluster: " + emulator.defaultClusterId() + ", TERMINATED when the run began "
                + "(never started by the run); warehouse: none chosen"), output());
        assertTrue(output().contains("PASSED   identity: Me names the signed-in user (")
                && output().contains("           documented: https://docs.databricks.com/api/workspace/currentuser/me"),
                output());
        String report = Files.readString(home.resolve("report.txt"));
        assertTrue(report.contains("signed in with: host from DATABRICKS_HOST, token from DATABRICKS_TOKEN"), report);
        assertTrue(report.contains("documented: https://docs.databricks.com/api/workspace/clusters/list"), report);
        assertTrue(report.contains("It names your workspace, your user name (in the scratch folder's path)"), report);
    }
}
