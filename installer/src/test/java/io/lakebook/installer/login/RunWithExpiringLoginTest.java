package io.lakebook.installer.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.faults.Trials;
import io.lakebook.installer.Launcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OAuth login that expires while {@code lakebook run} is under way: the Databricks SDK renews it with the refresh
 * token and no cell notices; a login that cannot be renewed (revoked) ends the run with the command that fixes it.
 * Each {@code lakebook} is its own process with a temporary home, signed in through the emulator's OAuth endpoints
 * with the test in the browser's place.
 */
class RunWithExpiringLoginTest {
    private Emulator emulator;
    private final List<String> output = new ArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void aLoginThatExpiresMidRunIsRenewedWithoutTheUserNoticing() throws Exception {
        emulator = Emulator.builder().oauthTokenLifetime(Duration.ofSeconds(3)).build().start();
        signIn();
        Path notebook = notebook("expiring.ipynb", "'before'", "import time\ntime.sleep(4)\n'slept'", "'after'");

        Process run = lakebook(Map.of("DATABRICKS_CONFIG_PROFILE", "dev"), "run", notebook.toString(),
                "--no-progress");

        assertEquals(0, finish(run), String.join("\n", output));
        String saved = Files.readString(home.resolve("expiring.executed.ipynb"));
        assertTrue(saved.contains("'before'") && saved.contains("'slept'") && saved.contains("'after'"), saved);
        List<String> grants = emulator.oauth().grantTypes();
        assertTrue(grants.contains("refresh_token"), "the login was renewed: " + grants);
        Trials.record("lakebook run", "an OAuth access token expiring mid-run (3 s lifetime, a cell of 4 s)",
                grants.stream().filter("refresh_token"::equals).count(), "renewed by the SDK from the refresh token; "
                + "exit 0, every output saved", "nothing");
    }

    @Test
    void aLoginThatCannotBeRenewedEndsTheRunWithTheCommandThatFixesIt() throws Exception {
        emulator = Emulator.builder().oauthTokenLifetime(Duration.ofHours(1)).build().start();
        signIn();
        emulator.oauth().expireAccessTokens();
        emulator.oauth().revokeRefreshTokens();
        Path notebook = notebook("revoked.ipynb", "'never'");

        Process run = lakebook(Map.of("DATABRICKS_CONFIG_PROFILE", "dev"), "run", notebook.toString(),
                "--no-progress");

        assertEquals(1, finish(run), String.join("\n", output));
        String shown = String.join("\n", output);
        assertTrue(shown.contains("`lakebook login --profile dev`"), shown);
        assertFalse(shown.contains("refreshToken") || shown.contains("access_token"), shown);
        Trials.record("lakebook run", "an OAuth login revoked mid-session (access and refresh tokens refused)", 1,
                "exit 1: the workspace refused the credentials; sign in again with `lakebook login --profile dev`",
                "nothing (no cell ran)");
    }

    /** The common case: the access token ran out, and the refresh token was revoked or expired meanwhile. */
    @Test
    void anExpiredLoginWhoseRefreshIsRefusedEndsTheRunWithTheCommandThatFixesIt() throws Exception {
        emulator = Emulator.builder().oauthTokenLifetime(Duration.ofSeconds(2)).build().start();
        signIn();
        Thread.sleep(2500);
        emulator.oauth().revokeRefreshTokens();
        Path notebook = notebook("lapsed.ipynb", "'never'");

        Process run = lakebook(Map.of("DATABRICKS_CONFIG_PROFILE", "dev"), "run", notebook.toString(),
                "--no-progress");

        assertEquals(1, finish(run), String.join("\n", output));
        String shown = String.join("\n", output);
        assertTrue(shown.contains("`lakebook login --profile dev`"), shown);
        Trials.record("lakebook run", "an OAuth login lapsed and its refresh refused", 1, "exit 1: sign in again with "
                + "`lakebook login --profile dev`", "nothing (no cell ran)");
    }

    private Path notebook(String name, String... sources) throws IOException {
        StringBuilder cells = new StringBuilder();
        for (String source : sources) {
            cells.append(cells.length() == 0 ? "" : ", ").append("{\"cell_type\": \"code\", \"metadata\": {}, ")
                    .append("\"outputs\": [], \"execution_count\": null, \"source\": \"")
                    .append(source.replace("\n", "\\n").replace("'", "\\u0027")).append("\"}");
        }
        return Files.writeString(home.resolve(name), "{\"cells\": [" + cells + "], \"metadata\": {}, \"nbformat\": "
                + "4, \"nbformat_minor\": 5}");
    }

    /** {@code lakebook login --profile dev}, the test opening the printed URL in the browser's place. */
    private void signIn() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            Files.writeString(home.resolve(".databrickscfg"), "[dev]\nhost = " + emulator.host() + "\nauth_type = "
                    + "external-browser\nredirect_url = http://localhost:" + socket.getLocalPort() + "/callback\n"
                    + "cluster_id = " + emulator.defaultClusterId() + "\n");
        }
        Process login = lakebook(Map.of(), "login", "--profile", "dev");
        BufferedReader reader = new BufferedReader(new InputStreamReader(login.getInputStream(),
                StandardCharsets.UTF_8));
        String url = null;
        for (String line = reader.readLine(); line != null && url == null; line = reader.readLine()) {
            output.add(line);
            if (line.strip().startsWith(emulator.host() + "/oidc/v1/authorize?")) {
                url = line.strip();
            }
        }
        assertTrue(url != null, "no sign-in URL printed: " + String.join("\n", output));
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(0, finish(login), String.join("\n", output));
        output.clear();
    }

    private Process lakebook(Map<String, String> extraEnv, String... args) throws IOException {
        List<String> command = new ArrayList<>(Launcher.command());
        command.add(command.indexOf("-cp") >= 0 ? command.indexOf("-cp") : 1, "-Duser.home=" + home);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("DATABRICKS_") || key.equals("BROWSER") || key.equals("DISPLAY"));
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.putAll(extraEnv);
        return builder.start();
    }

    private int finish(Process process) throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "lakebook did not end");
        return process.exitValue();
    }
}
