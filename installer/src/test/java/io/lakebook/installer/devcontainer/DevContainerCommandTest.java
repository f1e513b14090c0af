package io.lakebook.installer.devcontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.installer.Main;
import io.lakebook.installer.NodeTools;
import io.lakebook.installer.command.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertTrue(login.contains("lakebook install --host '" + HOST + "' --profile 'dev'\n"), login);
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
