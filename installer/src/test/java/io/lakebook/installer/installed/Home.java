package io.lakebook.installer.installed;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A user's temporary home folder and the commands a user runs in it, each in its own process with only that home:
 * {@code HOME} (lakebook makes Java's {@code user.home}, which the SDK's token cache follows, the same), Jupyter's
 * folders, no Databricks variables and no browser. The sign-in callback listens on a free port rather than the
 * SDK's default 8080.
 */
final class Home {
    private static final Pattern SIGN_IN_URL =
            Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/oidc/v1/authorize\\?\\S+)");

    private final Path dir;
    private final int callbackPort;

    Home(Path dir) throws IOException {
        this.dir = dir;
        this.callbackPort = freePort();
    }

    Path dir() {
        return dir;
    }

    Path path(String relative) {
        return dir.resolve(relative);
    }

    Path jupyterData() {
        return dir.resolve(".local/share/jupyter");
    }

    /** What a finished command printed (stdout and stderr together) and its exit status. */
    record Run(int status, String output) {
        @Override
        public String toString() {
            return "exit " + status + ":\n" + output;
        }
    }

    /** The environment of a user with this home, plus {@code extra}. */
    Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new TreeMap<>();
        env.put("HOME", dir.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("JUPYTER_DATA_DIR", jupyterData().toString());
        env.put("JUPYTER_CONFIG_DIR", dir.resolve(".jupyter").toString());
        env.put("JUPYTER_RUNTIME_DIR", dir.resolve(".jupyter-runtime").toString());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        env.put("DATABRICKS_REDIRECT_URL", "http://localhost:" + callbackPort + "/callback");
        env.putAll(extra);
        return env;
    }

    /** {@code java -jar lakebook.jar ARGS}, the built jar, as from a clone. */
    Run lakebook(String... args) throws Exception {
        return run(jarCommand(args), Map.of());
    }

    /** {@code ~/.local/bin/lakebook ARGS}, the command install put on the user's PATH. */
    Run installed(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(path(".local/bin/lakebook").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    /** Runs {@code lakebook ARGS} from the jar and plays the browser: opens the sign-in URL it prints. */
    Run signingIn(String... args) throws Exception {
        Process process = start(jarCommand(args), Map.of());
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> readLines(process, output, url));
        reader.start();
        String signIn = url.get(120, TimeUnit.SECONDS);
        assertTrue(signIn != null, "no sign-in URL printed:\n" + output);
        HttpResponse<String> page = openInBrowser(signIn);
        assertTrue(page.body().contains("lakebook is signed in"), page.body());
        return finish(process, reader, output);
    }

    List<String> jarCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", SharedWorkspace.jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    Run run(List<String> command, Map<String, String> extraEnv) throws Exception {
        Process process = start(command, extraEnv);
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> readLines(process, output, new CompletableFuture<>()));
        reader.start();
        return finish(process, reader, output);
    }

    Process start(List<String> command, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env(extraEnv));
        return builder.start();
    }

    /** The browser's part of the sign-in: follow the workspace's redirect back to lakebook's loopback page. */
    static HttpResponse<String> openInBrowser(String url) throws Exception {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String signInUrl(String text) {
        Matcher matcher = SIGN_IN_URL.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Every file under the home with a hash of its bytes, to tell whether anything changed. */
    Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), sha256(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    private static void readLines(Process process, StringBuilder output, CompletableFuture<String> url) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
                String found = signInUrl(line);
                if (found != null) {
                    url.complete(found);
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("[output unreadable: ").append(e).append("]\n");
            }
        } finally {
            url.complete(null);
        }
    }

    private static Run finish(Process process, Thread reader, StringBuilder output) throws Exception {
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(5000);
            throw new AssertionError("timed out:\n" + output);
        }
        reader.join(10000);
        synchronized (output) {
            return new Run(process.exitValue(), output.toString());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
