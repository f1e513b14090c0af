package io.lakebook.installer.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.oauth.ExternalBrowserCredentialsProvider;
import com.databricks.sdk.core.oauth.FileTokenCache;
import com.databricks.sdk.service.iam.MeRequest;
import io.lakebook.emulator.Emulator;
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
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakebook login} as a user runs it, in its own process with a temporary home, against the emulator: the test
 * plays the browser by opening the printed URL and following the workspace's redirect to the loopback callback.
 */
class LoginTest {
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
    void signsInThroughTheBrowserAndKeepsTheTokensOnlyInTheSdkCache() throws Exception {
        start(Duration.ofHours(1));
        Path config = writeProfile();
        byte[] before = Files.readAllBytes(config);

        Process login = lakebook(Map.of(), "login", "--profile", "dev");
        HttpResponse<String> page = playBrowser(login);

        assertEquals(0, finish(login), String.join("\n", output));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("lakebook is signed in"), page.body());
        assertTrue(output.contains("Signed in to " + emulator.host() + " as Ada Analyst (analyst@example.com), "
                + "profile dev."), String.join("\n", output));
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(config), "profile untouched");
        Path cache = onlyCacheFile();
        String cached = Files.readString(cache);
        assertTrue(cached.contains("refreshToken"), "the SDK's cache holds the login");
        assertFalse(String.join("\n", output).contains(accessToken(cache)), "no token printed");
        assertEquals("analyst@example.com", client(cache).currentUser().me(new MeRequest()).getUserName());
    }

    /** What the login is for: a notebook run through the profile finds the SDK's cached login on its own. */
    @Test
    void aNotebookRunsOnTheClusterWithTheLogin() throws Exception {
        start(Duration.ofHours(1));
        writeProfile();
        signInThroughTheBrowser();
        Path notebook = home.resolve("answer.ipynb");
        Files.writeString(notebook, "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], "
                + "\"execution_count\": null, \"source\": [\"print(6 * 7)\"]}], \"metadata\": {}, \"nbformat\": 4, "
                + "\"nbformat_minor\": 5}");

        Process run = lakebook(Map.of("DATABRICKS_CONFIG_PROFILE", "dev"), "run", notebook.toString(), "--output",
                home.resolve("answer.out.ipynb").toString());

        assertEquals(0, finish(run), String.join("\n", output));
        assertTrue(Files.readString(home.resolve("answer.out.ipynb")).contains("42"));
        assertTrue(emulator.requests().stream().anyMatch(call -> call.userAgent().contains("auth/external-browser")),
                "the run signed in with the cached OAuth login");
    }

    @Test
    void anExpiredLoginIsRefreshedFromTheCacheWithoutABrowser() throws Exception {
        start(Duration.ofSeconds(2));
        Path config = writeProfile();
        Files.writeString(config, Files.readString(config).replace("auth_type = external-browser\n", ""));
        signInThroughTheBrowser();
        assertTrue(output.contains("Note: add auth_type = external-browser to profile [dev] of " + config
                + " so the kernel uses this login (`lakebook install` does)."), String.join("\n", output));
        Path cache = onlyCacheFile();
        String stale = accessToken(cache);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !emulator.oauth().isValid(stale));

        assertEquals("analyst@example.com", client(cache).currentUser().me(new MeRequest()).getUserName());
        assertNotEquals(stale, accessToken(cache));
        List<String> grants = emulator.oauth().grantTypes();
        assertEquals("refresh_token", grants.get(grants.size() - 1));
    }

    @Test
    void aRevokedLoginIsReplacedBySigningInAgain() throws Exception {
        start(Duration.ofHours(1));
        writeProfile();
        signInThroughTheBrowser();
        emulator.oauth().expireAccessTokens();
        emulator.oauth().revokeRefreshTokens();

        signInThroughTheBrowser();

        assertEquals("analyst@example.com",
                client(onlyCacheFile()).currentUser().me(new MeRequest()).getUserName());
        assertEquals(List.of("authorization_code", "authorization_code"), emulator.oauth().grantTypes().stream()
                .filter("authorization_code"::equals).toList());
    }

    /**
     * With the Databricks CLI present the login is the CLI's. The real CLI cannot be installed from the registries
     * this project uses, so a stand-in script plays it: it records its arguments, writes the profile as
     * {@code databricks auth login} does, and answers {@code auth token} with a token the emulator accepts; the check
     * of who is signed in then goes through the SDK's own {@code databricks-cli} auth type.
     */
    @Test
    void delegatesToTheDatabricksCliWhenItIsInstalled() throws Exception {
        start(Duration.ofHours(1));
        Path config = home.resolve(".databrickscfg");
        Files.writeString(config, "[DEFAULT]\nhost = https://other.example.com\n");
        Path calls = home.resolve("cli-calls.txt");
        Path cli = home.resolve("databricks");
        try (var script = LoginTest.class.getResourceAsStream("/login/stand-in-databricks-cli.sh")) {
            Files.write(cli, script.readAllBytes());
        }
        cli.toFile().setExecutable(true);

        Process login = lakebook(Map.of("DATABRICKS_CLI_PATH", cli.toString(), "CLI_CALLS", calls.toString(),
                "CLI_TOKEN", emulator.token()), "login", "--profile", "dev", "--host", emulator.host());

        assertEquals(0, finish(login), String.join("\n", output));
        assertTrue(Files.readString(calls).contains("auth login --host " + emulator.host() + " --profile dev"),
                Files.readString(calls));
        assertTrue(output.contains("Opening a browser to sign in to " + emulator.host()), String.join("\n", output));
        assertTrue(output.contains("Signed in to " + emulator.host() + " as Ada Analyst (analyst@example.com), "
                + "profile dev."), String.join("\n", output));
        assertTrue(Files.readString(config).startsWith("[DEFAULT]\nhost = https://other.example.com\n"));
        assertFalse(Files.exists(home.resolve(".config/databricks-sdk-java")), "the SDK's own cache is not used");
    }

    @Test
    void aProfileWithoutHostAsksForTheWorkspaceUrl() throws Exception {
        Files.writeString(home.resolve(".databrickscfg"), "[dev]\ncluster_id = x\n");

        Process login = lakebook(Map.of(), "login", "--profile", "dev");

        assertEquals(2, finish(login));
        assertTrue(output.stream().anyMatch(line -> line.contains("has no host; pass the workspace URL: "
                + "lakebook login --profile dev --host https://")), String.join("\n", output));
    }

    /** {@code lakebook login --profile dev}, with the test in the browser's place; it must succeed. */
    private void signInThroughTheBrowser() throws Exception {
        Process login = lakebook(Map.of(), "login", "--profile", "dev");
        playBrowser(login);
        assertEquals(0, finish(login), String.join("\n", output));
    }

    private void start(Duration tokenLifetime) {
        emulator = Emulator.builder().oauthTokenLifetime(tokenLifetime).build().start();
    }

    /** A profile as lakebook install writes it, next to one of the user's own; the callback on a free port. */
    private Path writeProfile() throws IOException {
        Path config = home.resolve(".databrickscfg");
        Files.writeString(config, "; my own settings\n[DEFAULT]\nhost = https://other.example.com\n\n[dev]\n"
                + "host = " + emulator.host() + "\nauth_type = external-browser\nredirect_url = http://localhost:"
                + freePort() + "/callback\ncluster_id = " + emulator.defaultClusterId() + "\n");
        return config;
    }

    private Process lakebook(Map<String, String> extraEnv, String... args) throws IOException {
        List<String> command = new ArrayList<>(Launcher.command());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("DATABRICKS_") || key.equals("BROWSER") || key.equals("DISPLAY"));
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.putAll(extraEnv);
        return builder.start();
    }

    /** Reads the output up to the printed sign-in URL, then opens it as a browser would, following redirects. */
    private HttpResponse<String> playBrowser(Process login) throws Exception {
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
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int finish(Process process) throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "lakebook login did not end");
        return process.exitValue();
    }

    private Path onlyCacheFile() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve(".config/databricks-sdk-java/oauth"))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static String accessToken(Path cache) {
        return new FileTokenCache(cache).load().getAccessToken();
    }

    private WorkspaceClient client(Path cache) {
        DatabricksConfig config = new DatabricksConfig().setHost(emulator.host()).setAuthType("external-browser")
                .setCredentialsProvider(new ExternalBrowserCredentialsProvider(new FileTokenCache(cache)))
                .setHttpTimeoutSeconds(30);
        return new WorkspaceClient(config);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
