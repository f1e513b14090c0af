package io.lakebook.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.databricks.sdk.core.oauth.FileTokenCache;
import com.databricks.sdk.core.oauth.Token;
import io.lakebook.emulator.faults.Trials;
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
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full day in one test, every part a process of its own with lakebook's log at DEBUG: the emulator, a sign-in,
 * notebook runs (one with a wrong token, one with an M2M profile that fails), the kernel driven by Jupyter's own
 * client, and the MCP server. Then every log, output, saved notebook, error message and MCP answer is searched for
 * the secrets in play: the personal access token, an OAuth client secret, the OAuth access and refresh tokens, the
 * kernel's HMAC key. Only the files meant to hold them may: {@code ~/.databrickscfg}, the SDK's token cache (which
 * must be readable by its owner alone) and Jupyter's connection file.
 */
class SecretsScanTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path home;
    private final Map<String, String> seen = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();

    private static String secret(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    @Test
    void noSecretReachesALogAnOutputAnErrorOrAnMcpAnswer() throws Exception {
        String token = secret("dapi");
        String wrongToken = secret("dapi");
        String clientSecret = secret("dose");
        String kernelKey = UUID.randomUUID().toString();
        try {
            Map<String, String> emulator = startEmulator(token, clientSecret);
            String host = emulator.get("DATABRICKS_HOST");
            int callback;
            try (ServerSocket socket = new ServerSocket(0)) {
                callback = socket.getLocalPort();
            }
            Files.writeString(home.resolve(".databrickscfg"), "[DEFAULT]\nhost = " + host + "\ntoken = " + token
                    + "\ncluster_id = " + emulator.get("DATABRICKS_CLUSTER_ID") + "\nwarehouse_id = "
                    + emulator.get("DATABRICKS_WAREHOUSE_ID") + "\n\n[m2m]\nhost = " + host + "\nauth_type = "
                    + "oauth-m2m\nclient_id = lakebook-robot\nclient_secret = " + clientSecret + "\ncluster_id = "
                    + emulator.get("DATABRICKS_CLUSTER_ID") + "\n\n[oauth]\nhost = " + host + "\nauth_type = "
                    + "external-browser\nredirect_url = http://localhost:" + callback + "/callback\ncluster_id = "
                    + emulator.get("DATABRICKS_CLUSTER_ID") + "\n");
            Path project = Files.createDirectories(home.resolve("project"));
            Path notebook = Files.writeString(project.resolve("day.ipynb"), notebook("print('hello')",
                    "import os\\nprint(sorted(os.environ.items()))", "1/0"));

            Token login = signIn();
            run("run", Map.of(), "run", notebook.toString(), "--allow-errors", "--no-progress");
            run("run with the OAuth login", Map.of("DATABRICKS_CONFIG_PROFILE", "oauth"), "run",
                    notebook.toString(), "--output", project.resolve("oauth.ipynb").toString(), "--no-progress");
            run("run with a wrong token", Map.of("DATABRICKS_HOST", host, "DATABRICKS_TOKEN", wrongToken), "run",
                    notebook.toString(), "--output", project.resolve("wrong.ipynb").toString(), "--no-progress");
            run("run with an M2M profile", Map.of("DATABRICKS_CONFIG_PROFILE", "m2m"), "run", notebook.toString(),
                    "--output", project.resolve("m2m.ipynb").toString(), "--no-progress");
            kernel(kernelKey);
            mcp(project);

            Map<String, String> secrets = Map.of("the personal access token", token, "a wrong token",
                    wrongToken, "the OAuth client secret", clientSecret, "the OAuth access token",
                    login.getAccessToken(), "the OAuth refresh token", login.getRefreshToken(), "the kernel's HMAC "
                    + "key", kernelKey);
            int places = scan(secrets, project);
            assertOwnerOnly(cacheFile());
            Trials.record("secrets", "a full run (emulator, login, runs, kernel, MCP) with lakebook's log at DEBUG, "
                    + "searched for " + secrets.size() + " secrets", places, "none in any log, output, saved "
                    + "notebook, error message or MCP answer; the SDK's token cache readable by its owner only",
                    "nothing");
        } finally {
            started.forEach(Process::destroy);
        }
    }

    private static String notebook(String... sources) {
        StringBuilder cells = new StringBuilder();
        for (String source : sources) {
            cells.append(cells.length() == 0 ? "" : ", ").append("{\"cell_type\": \"code\", \"metadata\": {}, ")
                    .append("\"outputs\": [], \"execution_count\": null, \"source\": \"")
                    .append(source.replace("'", "\\u0027")).append("\"}");
        }
        return "{\"cells\": [" + cells + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";
    }

    /** {@code lakebook emulator}, started from a shell that has the user's secrets in its environment. */
    private Map<String, String> startEmulator(String token, String clientSecret) throws IOException {
        Process emulator = lakebook(Map.of("DATABRICKS_TOKEN", token, "DATABRICKS_CLIENT_SECRET", clientSecret),
                home.resolve("emulator.log"), "emulator", "--token", token, "--start-delay", "0");
        Map<String, String> printed = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(emulator.getInputStream(),
                StandardCharsets.UTF_8));
        while (printed.size() < 4) {
            String line = reader.readLine();
            if (line == null) {
                fail("lakebook emulator ended: " + Files.readString(home.resolve("emulator.log")));
            }
            int equals = line.indexOf('=');
            printed.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return printed;
    }

    /** {@code lakebook login --profile oauth}, the test in the browser's place; returns the login it cached. */
    private Token signIn() throws Exception {
        Process login = lakebook(Map.of(), null, "login", "--profile", "oauth");
        BufferedReader reader = new BufferedReader(new InputStreamReader(login.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder shown = new StringBuilder();
        String url = null;
        for (String line = reader.readLine(); line != null && url == null; line = reader.readLine()) {
            shown.append(line).append('\n');
            if (line.strip().contains("/oidc/v1/authorize?")) {
                url = line.strip();
            }
        }
        assertTrue(url != null, shown.toString());
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        shown.append(new String(login.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(login.waitFor(60, TimeUnit.SECONDS) && login.exitValue() == 0, shown.toString());
        seen.put("lakebook login's output", shown.toString());
        return new FileTokenCache(cacheFile()).load();
    }

    private Path cacheFile() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve(".config/databricks-sdk-java/oauth"))) {
            return files.findFirst().orElseThrow();
        }
    }

    private void run(String what, Map<String, String> env, String... args) throws Exception {
        Path log = home.resolve(what.replace(' ', '-') + ".log");
        Process process = lakebook(env, log, args);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), what + " did not end");
        seen.put("lakebook " + what, Files.readString(log));
    }

    /** The kernel started as Jupyter starts it, driven by Debian's jupyter_client: cells, an error, shutdown. */
    private void kernel(String key) throws Exception {
        Path connection = home.resolve("kernel-connection.json");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.add(socket.getLocalPort());
            }
        }
        Files.writeString(connection, "{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"shell_port\": " + ports.get(0)
                + ", \"control_port\": " + ports.get(1) + ", \"iopub_port\": " + ports.get(2) + ", \"stdin_port\": "
                + ports.get(3) + ", \"hb_port\": " + ports.get(4) + ", \"signature_scheme\": \"hmac-sha256\", "
                + "\"key\": \"" + key + "\", \"kernel_name\": \"databricks\"}");
        Path log = home.resolve("kernel.log");
        Process kernel = lakebook(Map.of(), log, "kernel", "-f", connection.toString());
        String script = String.join("\n", "import json, sys", "from jupyter_client import BlockingKernelClient",
                "c = BlockingKernelClient(connection_file=sys.argv[1])", "c.load_connection_file()",
                "c.start_channels()", "c.wait_for_ready(timeout=60)", "shown = []",
                "for code in ['print(6 * 7)', 'import os\\nprint(dict(os.environ))', 'undefined_name']:",
                "    r = c.execute_interactive(code, timeout=120, output_hook=lambda m: shown.append(m))",
                "    shown.append(r)", "c.shutdown()", "print(json.dumps(shown, default=str))");
        Process client = new ProcessBuilder("/usr/bin/python3", "-c", script, connection.toString())
                .redirectErrorStream(true).start();
        String answers = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(client.waitFor(120, TimeUnit.SECONDS) && client.exitValue() == 0, answers);
        assertTrue(answers.contains("42"), answers);
        assertTrue(kernel.waitFor(30, TimeUnit.SECONDS), "the kernel did not stop after shutdown");
        seen.put("what Jupyter's client received from the kernel", answers);
        seen.put("the kernel's log", Files.readString(log));
    }

    /** {@code lakebook mcp}: it creates, runs and reads a notebook, runs code and SQL, and fails a call. */
    private void mcp(Path project) throws Exception {
        Path log = home.resolve("mcp.log");
        Process server = lakebook(Map.of("LAKEBOOK_PROJECT_ROOT", project.toString()), log, "mcp");
        List<String> requests = List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\"}}",
                call(2, "notebook_run", "{\"path\": \"day.ipynb\", \"wait_seconds\": 60}"),
                call(3, "notebook_read", "{\"path\": \"day.ipynb\"}"),
                call(4, "code_run", "{\"code\": \"import os\\nos.environ\", \"wait_seconds\": 60}"),
                call(5, "sql_run", "{\"query\": \"SELECT 1 AS one\"}"),
                call(6, "cluster_status", "{}"),
                call(7, "notebook_read", "{\"path\": \"../.databrickscfg\"}"));
        server.getOutputStream().write((String.join("\n", requests) + "\n").getBytes(StandardCharsets.UTF_8));
        server.getOutputStream().flush();
        List<String> answers = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        while (answers.stream().filter(line -> line.contains("\"id\":")).count() < requests.size()) {
            String line = reader.readLine();
            if (line == null) {
                fail("lakebook mcp ended early: " + Files.readString(log));
            }
            answers.add(line);
        }
        server.getOutputStream().close();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "lakebook mcp did not end with its input");
        String all = String.join("\n", answers);
        assertTrue(all.contains("outside the project"), all);
        seen.put("the MCP server's answers", all);
        seen.put("the MCP server's log", Files.readString(log));
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    /** Searches what was seen and every file written under the home folder; returns how many places. */
    private int scan(Map<String, String> secrets, Path project) throws IOException {
        Set<Path> meantToHold = Set.of(home.resolve(".databrickscfg"), cacheFile(),
                home.resolve("kernel-connection.json"));
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !meantToHold.contains(f)).toList()) {
                seen.putIfAbsent("the file " + home.relativize(file), Files.readString(file,
                        StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(seen.containsKey("the file project/day.executed.ipynb"), seen.keySet().toString());
        assertTrue(seen.get("the file project/day.executed.ipynb").contains("hello"), "the run saved outputs");
        List<String> leaks = new ArrayList<>();
        seen.forEach((where, text) -> secrets.forEach((name, value) -> {
            if (text.contains(value)) {
                leaks.add(name + " in " + where + ": " + text.lines().filter(line -> line.contains(value))
                        .findFirst().orElse("").replace(value, "<" + name + ">"));
            }
        }));
        assertEquals(List.of(), leaks);
        return seen.size();
    }

    private static void assertOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), permissions,
                file + " holds a login");
        Set<PosixFilePermission> folder = Files.getPosixFilePermissions(file.getParent());
        assertTrue(!folder.contains(PosixFilePermission.GROUP_WRITE) && !folder.contains(
                PosixFilePermission.OTHERS_WRITE), file.getParent() + " " + folder);
    }

    /** A lakebook process with the temporary home and lakebook's log at DEBUG; output to {@code log} if given. */
    private Process lakebook(Map<String, String> extraEnv, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(Launcher.command());
        command.add(command.indexOf("-cp") >= 0 ? command.indexOf("-cp") : 1, "-Duser.home=" + home);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        if (log != null) {
            builder.redirectErrorStream(true);
            if (!args[0].equals("emulator") && !args[0].equals("mcp")) {
                builder.redirectOutput(log.toFile());
            } else {
                builder.redirectError(log.toFile()).redirectErrorStream(false);
            }
        } else {
            builder.redirectErrorStream(true);
        }
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("DATABRICKS_") || key.startsWith("LAKEBOOK_")
                || key.equals("BROWSER") || key.equals("DISPLAY"));
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("LAKEBOOK_LOG_LEVEL", "debug");
        env.putAll(extraEnv);
        Process process = builder.start();
        started.add(process);
        return process;
    }
}
