package io.lakebook.notebooks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.compute.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lakebook emulator} as a separate process, reached only through the host and token it prints. */
class EmulatorCommandTest {

    @Test
    void printsHostTokenAndClusterThenServesUntilSigtermAndLeavesNoPythonBehind() throws Exception {
        Process emulator = new ProcessBuilder(Processes.lakebook("emulator", "--start-delay", "0", "--token",
                "dapi-cli-test")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Map<String, String> printed = Processes.emulatorSettings(emulator, 3);
            assertEquals("dapi-cli-test", printed.get("DATABRICKS_TOKEN"));
            assertTrue(printed.get("DATABRICKS_HOST").matches("http://127\\.0\\.0\\.1:\\d+"), printed.toString());

            WorkspaceClient workspace = new WorkspaceClient(new DatabricksConfig()
                    .setHost(printed.get("DATABRICKS_HOST")).setToken(printed.get("DATABRICKS_TOKEN"))
                    .setHttpTimeoutSeconds(30));
            String clusterId = printed.get("DATABRICKS_CLUSTER_ID");
            assertEquals(State.TERMINATED, workspace.clusters().get(clusterId).getState());
            workspace.clusters().start(clusterId).get(Duration.ofSeconds(30));
            workspace.commandExecution().create(new com.databricks.sdk.service.compute.CreateContext()
                    .setClusterId(clusterId).setLanguage(com.databricks.sdk.service.compute.Language.PYTHON))
                    .get(Duration.ofSeconds(30));
            List<ProcessHandle> pythons = emulator.descendants().filter(p -> p.info().command()
                    .map(c -> c.contains("python")).orElse(false)).toList();
            assertFalse(pythons.isEmpty(), "an execution context is a Python process");

            emulator.destroy();

            assertTrue(emulator.waitFor(20, TimeUnit.SECONDS), "the emulator stops on SIGTERM");
            await().atMost(Duration.ofSeconds(10)).until(() -> pythons.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            emulator.destroyForcibly();
        }
    }

    @Test
    void servesTheUsersItIsGivenAndMovesItsClockForTheAdminOnly() throws Exception {
        Process emulator = new ProcessBuilder(Processes.lakebook("emulator", "--start-delay", "0", "--user",
                "ada@example.com", "--user", "bob@example.com")).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            Map<String, String> printed = Processes.emulatorSettings(emulator, 6);
            String host = printed.get("DATABRICKS_HOST");
            for (String user : List.of("ada@example.com", "bob@example.com")) {
                String token = printed.get("# " + user + ": DATABRICKS_TOKEN");
                WorkspaceClient client = new WorkspaceClient(new DatabricksConfig().setHost(host).setToken(token)
                        .setHttpTimeoutSeconds(30));
                assertEquals(user, client.currentUser().me(new com.databricks.sdk.service.iam.MeRequest())
                        .getUserName());
            }
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> moved = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(host + "/lakebook-emulator/clock")).header("Authorization", "Bearer "
                    + printed.get("DATABRICKS_TOKEN")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"advance\": \"P1D\"}")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, moved.statusCode(), moved.body());
            java.time.Instant now = java.time.Instant.parse(moved.body().replaceAll(".*\"now\":\"([^\"]+)\".*",
                    "$1"));
            assertTrue(now.isAfter(java.time.Instant.now().plus(Duration.ofHours(23))), moved.body());
            java.net.http.HttpResponse<String> refused = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(host + "/lakebook-emulator/clock")).header("Authorization", "Bearer "
                    + printed.get("# ada@example.com: DATABRICKS_TOKEN")).POST(java.net.http.HttpRequest
                    .BodyPublishers.ofString("{\"advance\": \"P1D\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode(), refused.body());
        } finally {
            emulator.destroyForcibly();
        }
    }

    @Test
    void theLauncherWorksFromAnyDirectory() throws Exception {
        Processes.Result version = Processes.run(List.of(Processes.root().resolve("lakebook").toString(),
                "--version"), Map.of(), Path.of(System.getProperty("java.io.tmpdir")), 300);

        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().strip().endsWith("lakebook 0.1.0"), version.output());
    }
}
