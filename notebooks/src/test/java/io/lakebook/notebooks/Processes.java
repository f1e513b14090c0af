package io.lakebook.notebooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as a user would, with a time limit, and keeps what it printed. */
final class Processes {

    /** What a finished command left. */
    record Result(int exitCode, String output) {
    }

    private Processes() {
    }

    static Result run(List<String> command, Map<String, String> env, Path dir, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return run(builder, command, timeoutSeconds);
    }

    /** Runs {@code command} with only {@code PATH} of this process's environment, plus {@code env}. */
    static Result runIsolated(List<String> command, Map<String, String> env, Path dir, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(env);
        return run(builder, command, timeoutSeconds);
    }

    private static Result run(ProcessBuilder builder, List<String> command, int timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
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

    /** The first {@code count} {@code NAME=value} lines {@code lakebook emulator} prints, such as its host. */
    static Map<String, String> emulatorSettings(Process emulator, int count) throws IOException {
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                emulator.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> settings = new java.util.HashMap<>();
        while (settings.size() < count) {
            String line = reader.readLine();
            if (line == null) {
                throw new AssertionError("the emulator printed only " + settings);
            }
            int equals = line.indexOf('=');
            settings.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return settings;
    }

    /** {@code java -jar lakebook.jar ARGS…}, the way the launcher script runs lakebook. */
    static List<String> lakebook(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    static Path jar() {
        return Path.of(System.getProperty("lakebook.jar")).toAbsolutePath().normalize();
    }

    static Path root() {
        return Path.of(System.getProperty("lakebook.root")).toAbsolutePath().normalize();
    }
}
