package io.lakebook.goose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The MCP clients from the npm registry that the tests drive the server with, installed from the lock file in
 * {@code src/test/node} the first time ({@code npm ci}); later runs need no network.
 */
final class NodeClients {

    private NodeClients() {
    }

    static Path directory() {
        return Path.of(System.getProperty("lakebook.node.dir", "src/test/node")).toAbsolutePath().normalize();
    }

    static synchronized void install() throws IOException, InterruptedException {
        Path dir = directory();
        // npm writes node_modules/.package-lock.json on install; when it matches the lock file, nothing changed.
        Path installed = dir.resolve("node_modules/.package-lock.json");
        if (Files.isRegularFile(installed) && Files.getLastModifiedTime(installed)
                .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0) {
            return;
        }
        Result result = run(List.of("npm", "ci", "--no-audit", "--no-fund"), dir, Map.of(), 300);
        if (result.exitCode() != 0) {
            throw new AssertionError("npm ci failed in " + dir + " (Node.js and npm are needed for these tests; "
                    + "./test.sh installs them):\n" + result.output());
        }
    }

    /** Runs {@code scenarios.mjs SCENARIO PROJECT <server command>} and returns what it printed. */
    static Result scenario(String name, Path project, Map<String, String> env) throws IOException,
            InterruptedException {
        install();
        List<String> command = new ArrayList<>(List.of("node", directory().resolve("scenarios.mjs").toString(), name,
                project.toString()));
        command.addAll(ServerProcess.command());
        return run(command, project, env, 170);
    }

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        // The developer's own workspace settings must not leak into a test.
        builder.environment().keySet().removeIf(key -> key.startsWith("DATABRICKS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("[output unreadable: ").append(e).append(']');
            }
        });
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(5000);
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command + "\n" + output);
        }
        reader.join(10000);
        return new Result(process.exitValue(), output.toString());
    }
}
