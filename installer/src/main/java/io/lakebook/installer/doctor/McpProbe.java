package io.lakebook.installer.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.Lakebook;
import io.lakebook.core.error.LakebookException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the MCP server as Goose would (the extension's command, arguments and environment) and speaks MCP to it on
 * its stdin and stdout: {@code initialize}, {@code notifications/initialized}, {@code tools/list}; then closes its
 * stdin, which ends it. The server's standard error is kept for the message when it fails.
 */
final class McpProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The legacy handshake Goose falls back to, and the one lakebook's server speaks (goose-and-mcp.md §2.2). */
    private static final String PROTOCOL = "2025-11-25";

    private McpProbe() {
    }

    /** What the server said about itself. */
    record Answer(String serverName, List<String> tools) {
    }

    static Answer probe(List<String> command, Map<String, String> env, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        Deque<String> stderr = new ArrayDeque<>();
        Thread errors = drain(process, stderr);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream out = process.getOutputStream()) {
            send(out, request(1, "initialize").set("params", initializeParams()));
            JsonNode initialized = await(in, 1, timeout, process, stderr, errors);
            send(out, JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
            send(out, request(2, "tools/list"));
            JsonNode listed = await(in, 2, timeout, process, stderr, errors);
            List<String> tools = new ArrayList<>();
            listed.path("result").path("tools").forEach(tool -> tools.add(tool.path("name").asText()));
            return new Answer(initialized.path("result").path("serverInfo").path("name").asText("?"), tools);
        } catch (IOException e) {
            // Writing to a server that has already exited fails; what it printed says why it exited.
            throw new LakebookException("it stopped before answering" + lastWords(process, stderr, errors), e);
        } finally {
            stop(process, errors);
        }
    }

    /** Closing stdin ends the server; one that lingers is killed. */
    private static void stop(Process process, Thread errors) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            errors.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static ObjectNode initializeParams() {
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", PROTOCOL);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "lakebook-doctor").put("version", Lakebook.VERSION);
        return params;
    }

    private static ObjectNode request(int id, String method) {
        return JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    }

    private static void send(OutputStream out, JsonNode message) throws IOException {
        out.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads lines until the answer to {@code id} (notifications in between are skipped), within {@code timeout}. */
    private static JsonNode await(BufferedReader in, int id, Duration timeout, Process process, Deque<String> stderr,
                                  Thread errors) throws IOException {
        CompletableFuture<JsonNode> answer = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode message = JSON.readTree(line);
                    if (message.path("id").asInt(-1) == id) {
                        return message;
                    }
                }
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            JsonNode message = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new LakebookException("it stopped before answering" + lastWords(process, stderr, errors));
            }
            if (message.has("error")) {
                throw new LakebookException("it answered with an error: " + message.path("error").path("message")
                        .asText());
            }
            return message;
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new LakebookException("it did not answer within " + timeout.toSeconds() + " s"
                    + lastWords(process, stderr, errors));
        } catch (ExecutionException e) {
            throw new IOException("reading its answer failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for it", e);
        }
    }

    private static String lastWords(Process process, Deque<String> stderr, Thread errors) {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
            errors.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderr) {
            return stderr.isEmpty() ? "" : "; it said: " + String.join(" ", stderr);
        }
    }

    /** Keeps the last few lines the server wrote to stderr. */
    private static Thread drain(Process process, Deque<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    synchronized (lines) {
                        lines.addLast(line.strip());
                        if (lines.size() > 3) {
                            lines.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // The process went away; what it said so far is kept.
            }
        }, "mcp-probe-stderr");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
