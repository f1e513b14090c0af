package io.lakebook.installer.installed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.warehouses.WarehouseState;
import io.lakebook.installer.profile.DatabricksCfg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code lakebook install} with a person at a terminal, and without one. The terminal is real: util-linux
 * {@code script} runs install on a pseudo-terminal, and the test reads the screen and types the answers.
 */
class InteractiveInstallTest {
    private static final String TEAM_CLUSTER = "team-analytics";
    private static final String TEAM_WAREHOUSE = "team-warehouse";

    @TempDir
    Path dir;

    @Test
    void inATerminalItAsksForTheClusterWarehouseAndModelByNameAndState() throws Exception {
        Emulator emulator = workspaceWithChoices();
        Home home = new Home(dir);
        Terminal screen = Terminal.run(home, home.jarCommand("install", "--host", emulator.host(), "--profile",
                "dev"));

        String url = screen.await(Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/oidc/v1/authorize\\?\\S+)\\s"));
        assertTrue(Home.openInBrowser(url).body().contains("lakebook is signed in"));
        String clusters = screen.await(Pattern.compile("(Cluster for notebooks:(?s).*?Choose 1-\\d+ \\[1\\]: )"));
        screen.type("2");
        String warehouses = screen.await(Pattern.compile("(SQL warehouse for Goose's SQL tools:\\r?\\n(?s).*?"
                + "Choose 1-\\d+ \\[1\\]: )"));
        screen.type("");
        String models = screen.await(Pattern.compile("(Model endpoint for Goose:\\r?\\n(?s).*?Choose 1-\\d+ "
                + "\\[1\\]: )"));
        screen.type("3");

        assertEquals(0, screen.exitStatus(), screen.text());
        assertTrue(clusters.contains(TEAM_CLUSTER + " (") && clusters.contains(", RUNNING")
                && clusters.contains(", TERMINATED"), clusters);
        DatabricksCfg profile = DatabricksCfg.read(home.path(".databrickscfg"));
        assertEquals(listed(clusters, 2), profile.get("dev", "cluster_id").orElseThrow(), screen.text());
        assertEquals(listed(warehouses, 1), profile.get("dev", "warehouse_id").orElseThrow(), screen.text());
        assertTrue(models.contains("usage tracking on"), models);
        Map<?, ?> goose = (Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(home.path(".config/goose/config.yaml")));
        assertEquals(listed(models, 3), goose.get("GOOSE_MODEL"), screen.text());
    }

    @Test
    void withoutATerminalAMissingChoiceFailsNamingItsFlagAndChangesNothing() throws Exception {
        Emulator emulator = SharedWorkspace.emulator();
        Home home = new Home(dir);

        Home.Run install = home.lakebook("install", "--host", emulator.host(), "--cluster-id",
                emulator.defaultClusterId());

        assertEquals(2, install.status(), install.toString());
        assertTrue(install.output().contains("no terminal to ask in, so pass --warehouse-id ID (the SQL warehouse "
                + "for Goose's SQL tools), --model ENDPOINT"), install.toString());
        assertTrue(install.output().contains("or add --yes to take the defaults"), install.toString());
        assertEquals(Map.of(), home.snapshot(), "nothing written");
    }

    @Test
    void inATerminalAProfileOfAnotherWorkspaceStaysAndANewOneNamedAfterTheWorkspaceIsOffered() throws Exception {
        Emulator emulator = SharedWorkspace.emulator();
        Home home = new Home(dir);
        String theirs = "[DEFAULT]\nhost = https://dbc-1234abcd-5678.cloud.databricks.com\ntoken = dapi-not-real\n";
        Files.writeString(home.path(".databrickscfg"), theirs);
        Terminal screen = Terminal.run(home, home.jarCommand("install", "--host", emulator.host() + "/browse?o=42",
                "--no-login", "--cluster-id", emulator.defaultClusterId(), "--warehouse-id",
                emulator.defaultWarehouseId(), "--model", "databricks-gpt-oss-120b"));

        String suggested = screen.await(Pattern.compile("Name of the new profile \\[([^\\]]+)\\]: "));
        screen.type("");

        assertEquals(0, screen.exitStatus(), screen.text());
        String port = emulator.host().substring(emulator.host().lastIndexOf(':') + 1);
        assertEquals("127-0-0-1-" + port, suggested);
        assertTrue(screen.text().contains("Using the workspace URL " + emulator.host()), screen.text());
        DatabricksCfg profiles = DatabricksCfg.read(home.path(".databrickscfg"));
        assertEquals(Map.of("host", "https://dbc-1234abcd-5678.cloud.databricks.com", "token", "dapi-not-real"),
                profiles.profiles().get("DEFAULT"));
        assertEquals(emulator.host(), profiles.get(suggested, "host").orElseThrow());
        assertEquals("external-browser", profiles.get(suggested, "auth_type").orElseThrow());
    }

    @Test
    void inATerminalAnotherProgramsKernelSpecIsReplacedOnlyWhenTheUserAgrees() throws Exception {
        Emulator emulator = SharedWorkspace.emulator();
        Home home = new Home(dir);
        Path spec = home.jupyterData().resolve("kernels/databricks/kernel.json");
        Files.createDirectories(spec.getParent());
        String theirs = "{\"argv\": [\"python\", \"-m\", \"jupyter_databricks_kernel\"], \"display_name\": "
                + "\"Databricks (Python)\", \"language\": \"python\"}\n";
        Files.writeString(spec, theirs);
        Terminal screen = Terminal.run(home, home.jarCommand("install", "--host", emulator.host(), "--profile", "dev",
                "--no-login", "--cluster-id", emulator.defaultClusterId(), "--warehouse-id",
                emulator.defaultWarehouseId(), "--model", "databricks-gpt-oss-120b"));

        String question = screen.await(Pattern.compile("(belongs to another program(?s).*?\\[Y/n\\]: )"));
        screen.type("n");

        assertEquals(0, screen.exitStatus(), screen.text());
        assertTrue(question.contains("(\"Databricks (Python)\", which runs python -m jupyter_databricks_kernel)"),
                question);
        assertEquals(theirs, Files.readString(spec));
        assertTrue(screen.text().contains("kernel: left alone, as you chose"), screen.text());
    }

    /**
     * A workspace whose only cluster is terminated: --yes takes it and says that the first cell starts it; a
     * warehouse id in the profile that the workspace no longer has is not replaced without asking.
     */
    @Test
    void choicesMadeWithoutAskingAreSaidAndAVanishedWarehouseIsNotReplacedSilently() throws Exception {
        try (Emulator emulator = Emulator.builder().build().start()) {
            Home home = new Home(dir);
            Home.Run first = home.signingIn("install", "--host", emulator.host(), "--profile", "dev", "--yes");

            assertEquals(0, first.status(), first.toString());
            String cluster = "Cluster for notebooks: lakebook-emulator (" + emulator.defaultClusterId() + ")";
            assertTrue(first.output().contains(cluster
                    + ", TERMINATED (the only one the workspace has; it is TERMINATED, and the first cell starts "
                    + "it (a few minutes))"), first.toString());
            assertTrue(first.output().contains("SQL warehouse for Goose's SQL tools: lakebook-emulator-warehouse ("
                    + emulator.defaultWarehouseId() + "), RUNNING (the only one the workspace has)"), first.toString());

            Path profiles = home.path(".databrickscfg");
            Files.writeString(profiles, Files.readString(profiles).replace(emulator.defaultWarehouseId(),
                    "0000000000000000"));
            emulator.warehouses().add("team-warehouse", WarehouseState.RUNNING);
            Home.Run again = home.installed("install", "--yes");

            assertEquals(2, again.status(), again.toString());
            assertTrue(again.output().contains("the configured warehouse 0000000000000000 is no longer in the "
                    + "workspace, and lakebook does not pick another one without asking: pass --warehouse-id ID."),
                    again.toString());
            assertTrue(again.output().contains(cluster + ", TERMINATED (as configured)"), again.toString());
            assertTrue(Files.readString(profiles).contains("warehouse_id = 0000000000000000"), "left as it was");
        }
    }

    /** A second cluster, running, and a second warehouse, stopped, so that there is something to choose. */
    private static synchronized Emulator workspaceWithChoices() {
        Emulator emulator = SharedWorkspace.emulator();
        if (emulator.clusters().list().stream().noneMatch(c -> c.clusterName().equals(TEAM_CLUSTER))) {
            String id = emulator.clusters().add(TEAM_CLUSTER);
            emulator.clusters().start(id);
            Awaitility.await().until(() -> emulator.clusters().isRunning(id));
            emulator.warehouses().add(TEAM_WAREHOUSE, WarehouseState.STOPPED);
        }
        return emulator;
    }

    /** The id shown in the {@code n}th entry of a printed list: {@code "  2) name (id), STATE"}. */
    private static String listed(String list, int n) {
        Matcher entry = Pattern.compile("\\s" + n + "\\) .*? \\(([^)]+)\\), [A-Z_]+").matcher(list);
        if (entry.find()) {
            return entry.group(1);
        }
        // A model endpoint's id is its name, so the list shows the name alone.
        Matcher named = Pattern.compile("\\s" + n + "\\) ([^,\\s]+),").matcher(list);
        assertTrue(named.find(), "no entry " + n + " in:\n" + list);
        return named.group(1);
    }

}
