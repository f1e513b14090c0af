package io.lakebook.installer.login;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The Databricks CLI, when the user has it: lakebook hands it the browser login and lets it keep the tokens. */
final class DatabricksCli {
    /**
     * The legacy Python CLI (no {@code auth login}) is a small script; the Go CLI is tens of MiB. databricks-sdk-java
     * skips files under this size on the PATH for the same reason (reference/databricks-api.md §10.7).
     */
    static final long MIN_SIZE = 1024 * 1024;

    private final Path executable;

    private DatabricksCli(Path executable) {
        this.executable = executable;
    }

    /** The CLI named by {@code DATABRICKS_CLI_PATH}, else the first large enough {@code databricks} on the PATH. */
    static Optional<DatabricksCli> find(Map<String, String> env) {
        String explicit = env.get("DATABRICKS_CLI_PATH");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable).map(DatabricksCli::new);
        }
        String path = env.getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "databricks"))
                .filter(DatabricksCli::isGoCli)
                .findFirst().map(DatabricksCli::new);
    }

    Path executable() {
        return executable;
    }

    /** Runs {@code databricks auth login --host H --profile P}, showing its output, which holds the URL to open. */
    void login(String host, String profile, Path configFile, PrintStream out) {
        List<String> command = List.of(executable.toString(), "auth", "login", "--host", host, "--profile", profile);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("DATABRICKS_CONFIG_FILE", configFile.toString());
        int status;
        try {
            Process process = builder.start();
            copyLines(process, out);
            status = process.waitFor();
        } catch (IOException e) {
            throw new LoginException("Could not start " + executable + ": " + e.getMessage()
                    + ". Check the Databricks CLI works (`databricks version`), or remove it from the PATH to sign in "
                    + "with lakebook's own browser login.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("The login was interrupted; run `lakebook login --profile " + profile
                    + "` again.", e);
        }
        if (status != 0) {
            throw new LoginException("`databricks auth login --host " + host + " --profile " + profile
                    + "` failed with exit status " + status + " (its output is above). Fix what it says and run "
                    + "`lakebook login --profile " + profile + "` again.");
        }
    }

    private static void copyLines(Process process, PrintStream out) throws IOException {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.println(line);
            }
        }
    }

    private static boolean isGoCli(Path candidate) {
        try {
            return Files.isRegularFile(candidate) && Files.isExecutable(candidate) && Files.size(candidate) >= MIN_SIZE;
        } catch (IOException e) {
            return false;
        }
    }
}
