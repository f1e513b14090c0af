package io.lakebook.installer.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.emulator.Emulator;
import io.lakebook.installer.Main;
import io.lakebook.installer.command.Console;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code lakebook install} checks before it changes anything, run in-process as a user without a terminal runs
 * it: every refusal names what is wrong and what to pass, and leaves the home exactly as it was.
 */
class InstallPreflightTest {
    private static Emulator emulator;

    @TempDir
    Path home;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private int lakebook(Map<String, String> extraEnv, String... args) {
        PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);
        Map<String, String> env = new TreeMap<>(Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"));
        env.putAll(extraEnv);
        return Main.run(args, new Console(stream, stream, env, home));
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private String[] install(String host, String... more) {
        List<String> args = new ArrayList<>(List.of("install", "--host", host, "--yes", "--no-login",
                "--cluster-id", emulator.defaultClusterId(), "--warehouse-id", emulator.defaultWarehouseId(),
                "--model", "databricks-gpt-oss-120b"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aProfileOfAnotherWorkspaceWithATokenIsNotTakenOverAndTheMessageNamesTheFlag() throws Exception {
        String theirs = "[DEFAULT]\nhost = https://dbc-1234abcd-5678.cloud.databricks.com\ntoken = dapi-not-real\n";
        Files.writeString(home.resolve(".databrickscfg"), theirs);
        Map<String, String> before = snapshot();

        int status = lakebook(Map.of(), install(emulator.host()));

        assertEquals(2, status, output());
        String port = emulator.host().substring(emulator.host().lastIndexOf(':') + 1);
        assertTrue(output().contains("profile [DEFAULT] of " + home.resolve(".databrickscfg") + " is for "
                + "https://dbc-1234abcd-5678.cloud.databricks.com, not " + emulator.host()), output());
        assertTrue(output().contains("Nothing was changed. Pass --profile NAME for a profile of its own, for example "
                + "--profile 127-0-0-1-" + port), output());
        assertEquals(before, snapshot());
    }

    @Test
    void aProfileOfTheSameWorkspaceThatHoldsATokenGetsNoOAuthAuthTypeBesideIt() throws Exception {
        Files.writeString(home.resolve(".databrickscfg"), "[dev]\nhost = " + emulator.host() + "\ntoken = dapi-x\n");
        Map<String, String> before = snapshot();

        int status = lakebook(Map.of(), install(emulator.host(), "--profile", "dev"));

        assertEquals(2, status, output());
        assertTrue(output().contains("profile [dev] of " + home.resolve(".databrickscfg") + " signs in with its "
                + "token"), output());
        assertFalse(output().contains("dapi-x"), "no secret in a message");
        assertEquals(before, snapshot());
    }

    @Test
    void aUrlCopiedFromTheAddressBarIsTrimmedToTheWorkspaceAndTheUserIsTold() {
        lakebook(Map.of(), install(emulator.host() + "/browse?o=1234567890123456#folder"));

        assertTrue(output().contains("Using the workspace URL " + emulator.host() + " (from " + emulator.host()
                + "/browse?o=1234567890123456#folder: the page's path and query are not part of it; "
                + "o=1234567890123456 is the workspace id, which " + emulator.host() + " already names)."), output());
    }

    @Test
    void aHostThatDoesNotAnswerStopsTheInstallBeforeAnythingIsWritten() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        // The SDK retries a refused connection for several seconds; the limit keeps the test short either way.
        int status = lakebook(Map.of("LAKEBOOK_NETWORK_TIMEOUT", "2"), install("http://127.0.0.1:" + closed));

        assertEquals(1, status, output());
        assertTrue(output().contains("http://127.0.0.1:" + closed + " does not answer as a Databricks workspace")
                || output().contains("http://127.0.0.1:" + closed + " (its sign-in discovery"), output());
        assertTrue(output().contains("Nothing was changed. Check the URL") && output().contains("then run lakebook "
                + "install --host https://<your-workspace> with the right one"), output());
        assertFalse(output().contains("lakebook login --profile"), output());
        assertEquals(Map.of(), snapshot());
    }

    @Test
    void aWorkspaceThatAcceptsButNeverAnswersTimesOutNamingTheStepInInstallAndDoctor() throws Exception {
        try (Silent silent = new Silent()) {
            String host = "http://127.0.0.1:" + silent.port();
            Map<String, String> quick = Map.of("LAKEBOOK_NETWORK_TIMEOUT", "1");

            int install = lakebook(quick, install(host));
            String installed = output();
            Files.writeString(home.resolve(".databrickscfg"), "[dev]\nhost = " + host + "\nauth_type = "
                    + "external-browser\n");
            output.reset();
            int doctor = lakebook(quick, "doctor", "--profile", "dev");

            assertEquals(1, install, installed);
            assertTrue(installed.contains(host + " (its sign-in discovery, /oidc/.well-known/oauth-authorization-"
                    + "server) did not answer within 1 s. Nothing was changed."), installed);
            assertEquals(1, doctor, output());
            String line = output().lines().filter(l -> l.contains(" workspace ")).findFirst().orElseThrow();
            assertTrue(line.startsWith("FAIL") && line.contains("did not answer within 1 s. Fix: check the URL"),
                    output());
        }
    }

    @Test
    void aConfigFolderThatCannotBeWrittenStopsTheInstallNamingItBeforeAnythingIsWritten() throws Exception {
        Files.writeString(home.resolve(".config"), "a file where a folder belongs\n");
        Map<String, String> before = snapshot();

        int status = lakebook(Map.of(), install(emulator.host(), "--profile", "dev"));

        assertEquals(1, status, output());
        assertTrue(output().contains("lakebook cannot write where it must, so it changed nothing"), output());
        assertTrue(output().contains(home.resolve(".config/goose/config.yaml") + " cannot be written: "
                + home.resolve(".config") + " is a file, not a folder; move that file away (or pass --goose-config "
                + "FILE)"), output());
        assertEquals(before, snapshot());
    }

    @Test
    void aGooseConfigWithARepeatedKeyIsRefusedWithBothLinesAndNothingChanges() throws Exception {
        Path goose = Files.createDirectories(home.resolve(".config/goose")).resolve("config.yaml");
        Files.writeString(goose, "GOOSE_PROVIDER: openai\nGOOSE_MODE: auto\nGOOSE_PROVIDER: anthropic\n");
        Map<String, String> before = snapshot();

        int status = lakebook(Map.of(), install(emulator.host(), "--profile", "dev"));

        assertEquals(1, status, output());
        assertTrue(output().contains("has the key 'GOOSE_PROVIDER' twice, at line 1 and line 3; Goose refuses a file "
                + "with a repeated key. Keep one of the two. Nothing was changed."), output());
        assertEquals(before, snapshot());
    }

    @Test
    void uninstallRefusesAStrayArgumentAsInstallDoes() {
        int status = lakebook(Map.of(), "uninstall", "extra");

        assertEquals(2, status, output());
        assertTrue(output().contains("lakebook uninstall: unexpected [extra]; uninstall takes no arguments"),
                output());
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path path : all.filter(p -> !p.equals(home)).toList()) {
                files.put(home.relativize(path).toString(), Files.isDirectory(path) ? "folder"
                        : Files.readString(path));
            }
        }
        return files;
    }

    /** A server that accepts connections and never says a word, as a firewall or a stuck proxy does. */
    private static final class Silent implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        private final List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

        Silent() throws IOException {
            Thread accept = new Thread(() -> {
                try {
                    while (!server.isClosed()) {
                        held.add(server.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
