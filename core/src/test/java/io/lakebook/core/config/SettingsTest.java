package io.lakebook.core.config;

import io.lakebook.core.error.NotConfiguredException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @TempDir
    Path home;

    private Path configFile(String text) throws IOException {
        Path file = home.resolve("databrickscfg");
        Files.writeString(file, text);
        return file;
    }

    private Map<String, String> env(Path config) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_CONFIG_FILE", config.toString());
        return env;
    }

    private Path project(String json) throws IOException {
        Path root = Files.createDirectories(home.resolve("project"));
        Files.createDirectories(root.resolve(".databricks"));
        Files.writeString(root.resolve(".databricks/lakebook.json"), json);
        return root;
    }

    /** remote-kernels §B.18 (PR #93): the cluster comes from the profile, as `databricks auth login` writes it. */
    @Test
    void readsHostAndClusterFromTheDefaultProfile() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = dapi-x\ncluster_id = c-profile\n");

        Settings settings = Settings.load(home, env(config));

        assertEquals("http://127.0.0.1:1", settings.host());
        assertEquals("c-profile", settings.clusterId());
    }

    @Test
    void environmentClusterWinsOverProjectFileWhichWinsOverProfile() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = dapi-x\ncluster_id = c-profile\n");
        Path root = project("{\"cluster_id\": \"c-project\"}");
        Map<String, String> env = env(config);

        assertEquals("c-project", Settings.load(root.resolve("sub"), env).clusterId());
        env.put("DATABRICKS_CLUSTER_ID", "c-env");
        assertEquals("c-env", Settings.load(root, env).clusterId());
    }

    @Test
    void projectFileChoosesTheProfile() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\n\n[dev]\nhost = http://127.0.0.1:2\n"
                + "token = b\ncluster_id = c-dev\n");
        Path root = project("{\"profile\": \"dev\"}");

        Settings settings = Settings.load(root, env(config));

        assertEquals("http://127.0.0.1:2", settings.host());
        assertEquals("c-dev", settings.clusterId());
    }

    /** The installed kernel's own profile is a default: a project that names its profile keeps it. */
    @Test
    void theInstalledProfileServesWhereNeitherTheEnvironmentNorTheProjectNamesOne() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\n\n[dev]\nhost = http://127.0.0.1:2\n"
                + "token = b\ncluster_id = c-dev\n\n[prod]\nhost = http://127.0.0.1:3\ntoken = c\ncluster_id = c-prod\n");
        Path root = project("{\"profile\": \"prod\"}");
        Map<String, String> env = env(config);
        env.put("LAKEBOOK_PROFILE", "dev");

        assertEquals("c-dev", Settings.load(home, env).clusterId());
        assertEquals("c-prod", Settings.load(root, env).clusterId());
        env.put("DATABRICKS_CONFIG_PROFILE", "dev");
        assertEquals("c-dev", Settings.load(root, env).clusterId());
    }

    @Test
    void legacyKernelFileGivesTheCluster() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = dapi-x\n");
        Path root = Files.createDirectories(home.resolve("legacy/.databricks")).getParent();
        Files.writeString(root.resolve(".databricks/jupyter-databricks-kernel.json"),
                "{\"mcp_profile\": \"x\", \"cluster_id\": \"c-legacy\"}");

        assertEquals("c-legacy", Settings.load(root, env(config)).clusterId());
    }

    @Test
    void missingClusterNamesWhatWasConsultedAndWhatToDo() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = dapi-secret-value\n");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(home, env(config)));

        assertTrue(e.getMessage().startsWith("No cluster is configured for this notebook."), e.getMessage());
        assertTrue(e.getMessage().contains("DATABRICKS_CLUSTER_ID"), e.getMessage());
        assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("add `cluster_id = <id>` to your profile in " + config), e.getMessage());
        assertTrue(!e.getMessage().contains("dapi-secret-value"), "the token must not appear");
    }

    @Test
    void missingHostSaysHowToSignIn() throws IOException {
        Path config = configFile("[DEFAULT]\ncluster_id = c\n");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(home, env(config)));

        assertTrue(e.getMessage().startsWith("No Databricks workspace is configured."), e.getMessage());
        assertTrue(e.getMessage().contains("`lakebook login --host https://<your-workspace>`"), e.getMessage());
    }

    @Test
    void whereLakebookInstalledTheKernelAProfileThatIsGoneNamesLakebooksOwnCommands() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\n");
        Map<String, String> env = env(config);
        env.put(Settings.ENV_DEFAULT_PROFILE, "dev");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(home, env));

        assertTrue(e.getMessage().contains("Run `lakebook doctor` in a terminal to see what is wrong, or sign in "
                + "again with `lakebook login --profile dev`."), e.getMessage());
        assertTrue(!e.getMessage().contains("databricks auth login"), e.getMessage());
    }

    @Test
    void unknownProfileIsNamed() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\n");
        Map<String, String> env = env(config);
        env.put("DATABRICKS_CONFIG_PROFILE", "nope");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(home, env));

        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void malformedProjectFileGivesLineAndFix() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\n");
        Path root = project("{\n\"cluster_id\": oops}");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(root, env(config)));

        assertTrue(e.getMessage().contains("lakebook.json is not valid JSON (line 2"), e.getMessage());
    }

    @Test
    void nonStringClusterIdIsRefused() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\n");
        Path root = project("{\"cluster_id\": 42}");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(root, env(config)));

        assertTrue(e.getMessage().contains("\"cluster_id\" must be a non-empty string"), e.getMessage());
    }
    /**
     * remote-kernels §B.5 (PR #104): a notebook in a sub-folder finds the project file in a folder above, and the
     * project (the root that is copied to the cluster) is the folder holding {@code .databricks/}, not the notebook's.
     */
    @Test
    void aNotebookInASubFolderFindsTheProjectFileAboveAndItsRoot() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = dapi-x\n");
        Path root = project("{\"cluster_id\": \"c-project\", \"sync\": {\"exclude\": [\"data/\"]}}");
        Path notebooks = Files.createDirectories(root.resolve("notebooks/deep"));

        Settings settings = Settings.load(notebooks, env(config));

        ProjectFile file = settings.project().orElseThrow();
        assertEquals(root.toRealPath(), file.projectRoot().toRealPath());
        assertEquals(List.of("data/"), file.sync().exclude());
        assertEquals("c-project", settings.clusterId());
    }

    /** remote-kernels §B D13: a {@code workspace_url} key in the legacy routing file does not stop the kernel. */
    @Test
    void aWorkspaceUrlInTheLegacyRoutingFileIsIgnored() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = dapi-x\n");
        Path root = Files.createDirectories(home.resolve("legacy/.databricks")).getParent();
        Files.writeString(root.resolve(".databricks/jupyter-databricks-kernel.json"),
                "{\"workspace_url\": \"https://elsewhere.cloud.databricks.com\", \"cluster_id\": \"c-legacy\"}");

        Settings settings = Settings.load(root, env(config));

        assertEquals("c-legacy", settings.clusterId());
        assertEquals("http://127.0.0.1:1", settings.host());
    }

    /** remote-kernels §B D14: a profile without a cluster_id does not silently get the [DEFAULT] section's cluster. */
    @Test
    void aProfileWithoutAClusterDoesNotInheritTheDefaultSectionsCluster() throws IOException {
        Path config = configFile("[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = a\ncluster_id = c-default\n\n"
                + "[dev]\nhost = http://127.0.0.1:2\ntoken = b\n");
        Map<String, String> env = env(config);
        env.put("DATABRICKS_CONFIG_PROFILE", "dev");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Settings.load(home, env));

        assertTrue(e.getMessage().startsWith("No cluster is configured for this notebook."), e.getMessage());
        assertTrue(e.getMessage().contains("profile [dev]"), e.getMessage());
    }
}
