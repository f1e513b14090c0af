package io.lakebook.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm tools of {@code src/test/node} (the Dev Containers CLI, playwright-core), installed from the lock file the
 * first time a test needs them; later runs need no network.
 */
public final class NodeTools {
    private NodeTools() {
    }

    public static synchronized Path directory() throws IOException, InterruptedException {
        Path dir = Path.of("src/test/node").toAbsolutePath();
        Path installed = dir.resolve("node_modules/.package-lock.json");
        if (!Files.isRegularFile(installed) || Files.getLastModifiedTime(installed)
                .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) < 0) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                throw new AssertionError("npm ci failed in " + dir + " (./test.sh installs Node.js and npm):\n"
                        + output);
            }
        }
        return dir;
    }

    /** Runs a command to its end and returns its exit status and output (stdout and stderr together). */
    public static Run run(List<String> command, Path workingDir, int timeoutSeconds) throws IOException,
            InterruptedException {
        Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command + "\n" + output);
        }
        return new Run(process.exitValue(), output);
    }

    public record Run(int status, String output) {
    }
}
