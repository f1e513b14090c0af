package io.lakebook.goose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code lakebook mcp} as a child JVM, driven with raw JSON-RPC lines: the only way to replay Goose's exact opening
 * sequence without Goose. Everything the server prints on stdout is kept as parsed messages.
 */
final class ServerProcess implements AutoCloseable {

    static final ObjectMapper JSON = io.lakebook.core.LargeJson.mapper();

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final List<String> nonJson = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();

    private ServerProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(this::readStdout, "server-stdout");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(() -> {
            try {
                stderr.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "server-stderr");
        errors.setDaemon(true);
        errors.start();
    }

    /** The command that starts the server, as Goose would: a JVM with lakebook on its class path. */
    static List<String> command() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                GooseMain.class.getName());
    }

    static ServerProcess start(Path directory, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command()).directory(directory.toFile());
        // The developer's own workspace settings must not leak into a test.
        builder.environment().keySet().removeIf(key -> key.startsWith("DATABRICKS_"));
        builder.environment().putAll(env);
        return new ServerProcess(builder.start());
    }

    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    void send(ObjectNode message) throws IOException {
        send(JSON.writeValueAsString(message));
    }

    /** Sends a request and returns its response, keeping notifications that arrive before it. */
    JsonNode request(int id, String method, ObjectNode params) throws Exception {
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        send(message);
        return responseTo(id, 60);
    }

    JsonNode responseTo(int id, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<JsonNode> others = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode message = messages.poll(100, TimeUnit.MILLISECONDS);
                if (message != null && message.path("id").asInt(-1) == id && !message.has("method")) {
                    return message;
                }
                if (message != null) {
                    others.add(message);
                }
            }
            throw new AssertionError("No response to request " + id + " within " + seconds + " s. Stderr:\n" + stderr);
        } finally {
            messages.addAll(others);
        }
    }

    /** The next message of any kind, or null after the wait. */
    JsonNode next(int seconds) throws InterruptedException {
        return messages.poll(seconds, TimeUnit.SECONDS);
    }

    List<JsonNode> drained() {
        List<JsonNode> all = new ArrayList<>();
        messages.drainTo(all);
        return all;
    }

    List<String> nonJsonLines() {
        return List.copyOf(nonJson);
    }

    String stderr() {
        return stderr.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Closes stdin as a client ending the session does, and waits for the exit. */
    boolean closeStdinAndWait(int seconds) throws IOException, InterruptedException {
        stdin.close();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    messages.add(JSON.readTree(line));
                } catch (IOException e) {
                    nonJson.add(line);
                }
            }
        } catch (IOException ignored) {
            // The process ended.
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
