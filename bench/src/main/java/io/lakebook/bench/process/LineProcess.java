package io.lakebook.bench.process;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A script the suite talks to one JSON line at a time, so that it stays warm between measurements and takes turns
 * with a peer measured elsewhere.
 */
public final class LineProcess implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final CompletableFuture<String> err;

    public LineProcess(List<String> command, Path dir, Map<String, String> env) throws IOException {
        this.command = command;
        this.process = Processes.start(command, dir, env);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.getOutputStream();
        this.err = Processes.drain(process.getErrorStream());
    }

    /** The next line the script prints, as JSON; fails with the script's error output when it ended instead. */
    public JsonNode read() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException(String.join(" ", command) + " ended early:\n" + errors());
        }
        return Json.MAPPER.readTree(line);
    }

    /** Sends one request and reads the answer. */
    public JsonNode ask(Map<String, Object> request) throws IOException {
        in.write((Json.MAPPER.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        return read();
    }

    private String errors() {
        try {
            return err.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "(its error output could not be read: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            in.write("{\"quit\": true}\n".getBytes(StandardCharsets.UTF_8));
            in.close();
        } catch (IOException e) {
            // it has ended already
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            Processes.kill(process);
        }
    }
}
