package io.lakebook.installer.devcontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.installer.Launcher;
import io.lakebook.installer.Main;
import io.lakebook.installer.NodeTools;
import io.lakebook.installer.command.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakebook devcontainer}, checked with the Dev Containers CLI from the npm registry. */
class DevContainerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "https://dbc-1234abcd-5678.cloud.databricks.com";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int lakebook(String... args) throws Exception {
        Files.writeString(dir.resolve("lakebook.jar"), "a stand-in for the jar");
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("HOME", dir.toString()), dir);
        return Main.run(args, console);
    }

    @Test
    void writesAConfigurationTheDevContainersCliReads() throws Exception {
        Files.createDirectories(dir.resolve("project"));

        int status = lakebook("devcontainer", "project", "--host", HOST, "--profile", "dev", "--jar", "lakebook.jar");

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode config = readConfiguration(dir.resolve("project")).path("configuration");
        assertEquals("bash .devcontainer/lakebook-setup.sh", config.path("postCreateCommand").asText());
        assertEquals("bash .devcontainer/lakebook-login.sh", config.path("postAttachCommand").asText());
        assertTrue(config.path("forwardPorts").toString().contains("8020"), config.toString());
        assertTrue(config.path("forwardPorts").toString().contains("8080"), config.toString());
        assertEquals("dev", config.path("containerEnv").path("DATABRICKS_CONFIG_PROFILE").asText());
        assertTrue(config.path("image").asText().contains("java:17"), config.toString());
        Path devcontainer = dir.resolve("project/.devcontainer");
        String setup = Files.readString(devcontainer.resolve("lakebook-setup.sh"));
        assertTrue(setup.contains("jupyter-notebook") && setup.contains("goose"), setup);
        assertTrue(setup.contains("install --host '" + HOST + "' --profile 'dev' --no-login --yes"), setup);
        String login = Files.readString(devcontainer.resolve("lakebook-login.sh"));
        assertTrue(login.contains("profile='dev'\n") && login.contains("lakebook install --host '" + HOST
                + "' --profile \"$profile\"\n"), login);
        assertTrue(Files.isExecutable(devcontainer.resolve("lakebook-login.sh")));
        assertEquals("a stand-in for the jar", Files.readString(devcontainer.resolve("lakebook/lakebook.jar")));
        assertScriptsParse(devcontainer);
    }

    @Test
    void runningAgainChangesNothing() throws Exception {
        assertEquals(0, lakebook("devcontainer", "--host", HOST, "--jar", "lakebook.jar"));
        byte[] first = Files.readAllBytes(dir.resolve(".devcontainer/devcontainer.json"));
        out.reset();

        assertEquals(0, lakebook("devcontainer", "--host", HOST, "--jar", "lakebook.jar"));

        assertTrue(out.toString(StandardCharsets.UTF_8).contains("unchanged: .devcontainer/devcontainer.json"),
                out.toString(StandardCharsets.UTF_8));
        assertEquals(new String(first, StandardCharsets.UTF_8),
                Files.readString(dir.resolve(".devcontainer/devcontainer.json")));
        assertTrue(Files.notExists(dir.resolve(".devcontainer/devcontainer.json.lakebook-backup")));
    }

    /** Two runs in two JVMs, as a user runs the command twice: the second finds every file as the first wrote it. */
    @Test
    void runningAgainInAnotherProcessChangesNothingAndTheJsonKeepsItsKeyOrder() throws Exception {
        Files.writeString(dir.resolve("lakebook.jar"), "a stand-in for the jar");
        List<String> command = new java.util.ArrayList<>(Launcher.command());
        command.addAll(List.of("devcontainer", dir.toString(), "--host", HOST, "--profile", "dev", "--jar",
                dir.resolve("lakebook.jar").toString()));

        NodeTools.Run first = NodeTools.run(command, dir, 60);
        NodeTools.Run second = NodeTools.run(command, dir, 60);

        assertEquals(0, first.status(), first.output());
        assertEquals(0, second.status(), second.output());
        for (String file : List.of("devcontainer.json", "lakebook-setup.sh", "lakebook-login.sh")) {
            assertTrue(second.output().contains("unchanged: .devcontainer/" + file), second.output());
        }
        String json = Files.readString(dir.resolve(".devcontainer/devcontainer.json"));
        assertTrue(json.indexOf("\"8020\"") < json.indexOf("\"8080\"") && json.indexOf("\"8080\"") < json.indexOf(
                "\"8888\"") && json.indexOf("\"label\"") < json.indexOf("\"onAutoForward\""), json);
    }

    @Test
    void theFilesMeantToBeCommittedAreReadableByAllAndTheProfileIsTheOneInstallSetUp() throws Exception {
        Files.createDirectories(dir.resolve(".local/share/lakebook"));
        Files.writeString(dir.resolve(".local/share/lakebook/install.json"), "{\"version\": 1, \"profile\": "
                + "\"team\"}\n");
        Files.writeString(dir.resolve(".databrickscfg"), "[DEFAULT]\nhost = https://other.cloud.databricks.com\n"
                + "[team]\nhost = " + HOST + "/browse?o=123\n");

        assertEquals(0, lakebook("devcontainer", "--jar", "lakebook.jar"), err.toString(StandardCharsets.UTF_8));

        Path devcontainer = dir.resolve(".devcontainer");
        for (String file : List.of("devcontainer.json", "lakebook/.gitignore", "lakebook/lakebook.jar")) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(devcontainer
                    .resolve(file))), file);
        }
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(devcontainer
                .resolve("lakebook-setup.sh"))));
        String setup = Files.readString(devcontainer.resolve("lakebook-setup.sh"));
        assertTrue(setup.contains("install --host '" + HOST + "' --profile 'team' --no-login --yes"), setup);
        assertTrue(setup.contains("https://github.com/aaif-goose/goose/releases/download/") && !setup.contains(
                "block/goose") && !setup.contains("| bash") && !setup.contains("|bash"), setup);
        assertTrue(setup.contains("echo \"lakebook: downloading Goose from $goose_url\"")
                && setup.contains("sha256sum -c"), setup);
    }

    /** A teammate's fresh clone has the committed files but not the git-ignored jar. */
    @Test
    void withoutTheJarTheSetUpAndTheAttachSayHowToPutItThere() throws Exception {
        assertEquals(0, lakebook("devcontainer", "--host", HOST, "--jar", "lakebook.jar"));
        Files.delete(dir.resolve(".devcontainer/lakebook/lakebook.jar"));

        for (String script : List.of("lakebook-setup.sh", "lakebook-login.sh")) {
            NodeTools.Run run = NodeTools.run(List.of("env", "-i", "HOME=" + dir, "PATH=/usr/bin:/bin", "bash",
                    dir.resolve(".devcontainer").resolve(script).toString()), dir, 30);

            assertEquals(1, run.status(), script + ": " + run.output());
            assertTrue(run.output().contains("lakebook: .devcontainer/lakebook/lakebook.jar is missing. It is "
                    + "lakebook itself and is not committed") && run.output().contains("cp ~/.local/share/lakebook/"
                    + "lakebook.jar .devcontainer/lakebook/"), script + ": " + run.output());
            assertTrue(!run.output().contains("Unable to access jarfile") && !run.output().contains("apt-get"),
                    script + ": " + run.output());
        }
    }

    @Test
    void refusesToReplaceTheUsersOwnDevContainerUnlessForced() throws Exception {
        Path own = dir.resolve(".devcontainer/devcontainer.json");
        Files.createDirectories(own.getParent());
        String theirs = "{ // the team's container\n  \"image\": \"python:3.12\"\n}\n";
        Files.writeString(own, theirs);

        int refused = lakebook("devcontainer", "--host", HOST, "--jar", "lakebook.jar");

        assertEquals(1, refused);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("already has a Dev Container that lakebook did not "
                + "write"), err.toString(StandardCharsets.UTF_8));
        assertEquals(theirs, Files.readString(own));
        assertTrue(Files.notExists(own.resolveSibling("lakebook-setup.sh")), "nothing written when refused");

        assertEquals(0, lakebook("devcontainer", "--host", HOST, "--jar", "lakebook.jar", "--force"));
        assertEquals(theirs, Files.readString(own.resolveSibling("devcontainer.json.lakebook-backup")));
        assertEquals("bash .devcontainer/lakebook-setup.sh",
                readConfiguration(dir).path("configuration").path("postCreateCommand").asText());
    }

    @Test
    void withoutAHostItSaysWhereToGiveOne() throws Exception {
        assertEquals(2, lakebook("devcontainer", "--jar", "lakebook.jar"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no workspace URL: pass --host https://"),
                err.toString(StandardCharsets.UTF_8));
    }

    /**
     * toolchain.md: {@code read-configuration} runs {@code docker ps} first; {@code --docker-path /bin/true} lets it
     * parse without a container engine.
     */
    private static JsonNode readConfiguration(Path project) throws Exception {
        Path tools = NodeTools.directory();
        NodeTools.Run run = NodeTools.run(List.of("node",
                tools.resolve("node_modules/@devcontainers/cli/devcontainer.js").toString(), "read-configuration",
                "--workspace-folder", project.toString(), "--docker-path", "/bin/true", "--log-level", "debug"),
                project, 120);
        assertEquals(0, run.status(), run.output());
        String output = run.output();
        String last = output.lines().filter(line -> line.startsWith("{\"configuration\"")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no configuration printed:\n" + output));
        return JSON.readTree(last);
    }

    private static void assertScriptsParse(Path devcontainer) throws Exception {
        for (String script : List.of("lakebook-setup.sh", "lakebook-login.sh")) {
            NodeTools.Run check = NodeTools.run(List.of("bash", "-n", devcontainer.resolve(script).toString()),
                    devcontainer, 30);
            assertEquals(0, check.status(), script + ": " + check.output());
        }
    }
}
