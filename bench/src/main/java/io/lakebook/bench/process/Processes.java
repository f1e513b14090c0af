package io.lakebook.bench.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the commands the suite times and the peers it starts, with their output kept for the error message. */
public final class Processes {

    private Processes() {
    }

    /** What a finished command left. */
    public record Result(int exitCode, String stdout, String stderr, Duration took) {

        /** Standard output, or an exception with everything the command said when it failed. */
        public String stdoutOrThrow(List<String> command) {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode + ":\n"
                        + stdout + "\n" + stderr);
            }
            return stdout;
        }
    }

    /** Starts {@code command} in {@code dir} with {@code env} added to this process's environment. */
    public static Process start(List<String> command, Path dir, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs {@code command} to its end; it is killed, with its children, when {@code timeout} passes. */
    public static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = start(command, dir, env);
        process.getOutputStream().close();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill(process);
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                    + ":\n" + out.getNow("") + "\n" + err.getNow(""));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Result(process.exitValue(), out.join(), err.join(), took);
    }

    /** Ends a process this suite started, and the processes it started. */
    public static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads a stream to its end on another thread, so that a full pipe never blocks the process. */
    public static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
