package io.lakebook.installer.installed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A newcomer's machine: an empty home, {@code lakebook install} from the built jar with the browser sign-in, and
 * then every part a user would look at agrees: Jupyter lists the kernel, Goose's configuration names the workspace
 * and the extension, a notebook runs through the installed kernel, {@code lakebook doctor} finds everything ok. The
 * steps build on each other, in order, in one home.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshInstallTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private Emulator emulator;
    private Home home;
    private Home.Run install;

    @BeforeAll
    void installOnAnEmptyHome(@TempDir Path tempHome) throws Exception {
        dir = tempHome;
        emulator = SharedWorkspace.emulator();
        home = new Home(dir);
        install = home.signingIn("install", "--host", emulator.host(), "--profile", "dev", "--yes");
        assertEquals(0, install.status(), install.toString());
    }

    @Test
    @Order(1)
    void signsInOnceAndSaysWhoIsSignedIn() throws Exception {
        assertTrue(install.output().contains("Signed in to " + emulator.host() + " as Ada Analyst "
                + "(analyst@example.com), profile dev."), install.output());
        String profile = Files.readString(home.path(".databrickscfg"));
        assertTrue(profile.startsWith("[dev]\nhost = " + emulator.host() + "\nauth_type = external-browser\n"),
                profile);
        assertTrue(profile.contains("\ncluster_id = ") && profile.contains("\nwarehouse_id = "), profile);
        assertFalse(profile.contains("token"), "no token in the profile");
        try (Stream<Path> cached = Files.list(home.path(".config/databricks-sdk-java/oauth"))) {
            assertEquals(1, cached.count(), "the sign-in is kept under HOME, beside the profile it belongs to");
        }
        assertTrue(install.output().contains("On its first start Goose signs in to the workspace on its own"),
                install.output());
    }

    @Test
    @Order(2)
    void jupyterListsTheKernelWhichRunsTheInstalledJar() throws Exception {
        Home.Run listing = home.run(List.of("jupyter", "kernelspec", "list"), Map.of());

        assertEquals(0, listing.status(), listing.toString());
        Path kernel = home.jupyterData().resolve("kernels/databricks");
        assertTrue(listing.output().lines().anyMatch(line -> line.strip().startsWith("databricks")
                && line.strip().endsWith(kernel.toString())), listing.toString());
        JsonNode spec = JSON.readTree(kernel.resolve("kernel.json").toFile());
        List<String> argv = JSON.convertValue(spec.path("argv"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        assertTrue(Path.of(argv.get(0)).isAbsolute() && Files.isExecutable(Path.of(argv.get(0))), argv.toString());
        assertEquals(home.path(".local/share/lakebook/lakebook.jar").toString(), argv.get(argv.indexOf("-jar") + 1));
        Path archive = home.path(".local/share/lakebook/lakebook.jsa");
        assertTrue(argv.contains("-XX:SharedArchiveFile=" + archive) && Files.size(archive) > 1_000_000,
                "the kernel starts from the class-data archive made at install: " + argv);
        assertEquals("dev", spec.path("env").path("LAKEBOOK_PROFILE").asText());
        assertFalse(spec.path("env").has("DATABRICKS_CONFIG_FILE"), spec.toString());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(kernel
                .resolve("kernel.json"))), "a kernel spec holds no secret and is readable by all");
    }

    @Test
    @Order(3)
    void gooseIsWiredToTheWorkspaceAndTheInstalledExtension() throws Exception {
        Map<?, ?> config = (Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(home.path(".config/goose/config.yaml")));

        assertEquals("databricks", config.get("active_provider"));
        assertEquals(emulator.host(), config.get("DATABRICKS_HOST"));
        Map<?, ?> provider = (Map<?, ?>) ((Map<?, ?>) config.get("providers")).get("databricks");
        String model = (String) provider.get("model");
        assertTrue(model.startsWith("databricks-") || model.startsWith("openai-"), model);
        Map<?, ?> extension = (Map<?, ?>) ((Map<?, ?>) config.get("extensions")).get("lakebook");
        assertEquals("stdio", extension.get("type"));
        assertEquals(true, extension.get("enabled"));
        Path java = Path.of((String) extension.get("cmd"));
        assertTrue(java.isAbsolute() && Files.isExecutable(java), java.toString());
        List<?> args = (List<?>) extension.get("args");
        assertEquals(List.of("-jar", home.path(".local/share/lakebook/lakebook.jar").toString(), "mcp"),
                args.subList(args.size() - 3, args.size()));
        assertEquals(Map.of("LAKEBOOK_PROFILE", "dev"), extension.get("envs"));
        assertTrue((Integer) extension.get("timeout") >= 600, extension.toString());
        String hints = Files.readString(home.path(".config/goose/.goosehints"));
        assertTrue(hints.contains("notebook_read") && hints.contains("sql_run") && hints.contains("read-only"),
                hints);
    }

    @Test
    @Order(4)
    void aNotebookRunsOnTheClusterThroughTheInstalledKernel() throws Exception {
        Path notebook = home.path("first.ipynb");
        Files.writeString(notebook, """
                {"cells": [{"cell_type": "code", "execution_count": null, "id": "a", "metadata": {}, "outputs": [],
                  "source": ["print('answer', 6 * 7)"]}],
                 "metadata": {"kernelspec": {"display_name": "Databricks", "language": "python",
                  "name": "databricks"}}, "nbformat": 4, "nbformat_minor": 5}
                """);

        Home.Run run = home.run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--output", "first.out.ipynb", notebook.toString()), Map.of());

        assertEquals(0, run.status(), run.toString());
        assertTrue(Files.readString(home.path("first.out.ipynb")).contains("answer 42"), run.toString());
        assertTrue(emulator.requests().stream().anyMatch(call -> call.path().equals("/api/1.2/commands/execute")
                && call.command().contains("6 * 7") && call.userAgent().contains("auth/external-browser")),
                "the cell ran on the emulated cluster with the OAuth sign-in");
    }

    @Test
    @Order(5)
    void doctorFindsEveryPartOk() throws Exception {
        Home.Run doctor = home.installed("doctor");

        assertEquals(0, doctor.status(), doctor.toString());
        List<String> checks = doctor.output().lines().filter(line -> !line.equals("All set.")).toList();
        assertEquals(10, checks.size(), doctor.toString());
        assertTrue(checks.stream().allMatch(line -> line.startsWith("ok ")), doctor.toString());
        assertTrue(doctor.output().contains("lists 22 tools"), doctor.toString());
    }

    @Test
    @Order(6)
    void installingAgainChangesNoByte() throws Exception {
        Map<String, String> before = home.snapshot();

        Home.Run again = home.installed("install");

        assertEquals(0, again.status(), again.toString());
        assertTrue(again.output().contains("Using the sign-in saved before."), again.toString());
        assertEquals(before, home.snapshot());
    }

    @Test
    @Order(7)
    void uninstallLeavesNothingOfLakebook() throws Exception {
        // What the kernel keeps once a project has synced to the cluster.
        Files.createDirectories(home.path(".cache/lakebook/sync"));
        Files.writeString(home.path(".cache/lakebook/computer-id"), "0123456789abcdef\n");
        Files.writeString(home.path(".cache/lakebook/sync/project.mark"), "mark\n");

        Home.Run uninstall = home.installed("uninstall");

        assertEquals(0, uninstall.status(), uninstall.toString());
        try (Stream<Path> left = Files.walk(dir)) {
            List<String> paths = left.filter(path -> !path.equals(dir)).map(path -> dir.relativize(path).toString())
                    .filter(path -> !path.startsWith("first.") && !path.startsWith(".jupyter")
                            && !path.startsWith(".ipython")).toList();
            assertEquals(List.of(), paths, "no file and no folder lakebook made:\n" + uninstall);
        }
    }
}
