package io.lakebook.goose.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.LargeJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The MCP stdio transport: UTF-8 JSON-RPC messages, one per line, in and out. Writes come from several threads (tool
 * calls finish concurrently, progress is sent while they run), so each message is written whole under a lock.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#stdio">stdio transport</a>
 */
public final class LineChannel {

    private static final ObjectMapper JSON = LargeJson.mapper();
    private static final byte[] LINE_END = {'}', '\n'};

    private final BufferedReader in;
    private final OutputStream out;

    public LineChannel(InputStream in, OutputStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    /** The next non-blank line, or null at end of input. */
    public String readLine() throws IOException {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.isBlank());
        return line;
    }

    public static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RpcError(RpcError.PARSE_ERROR, "Not valid JSON: " + e.getOriginalMessage());
        }
    }

    public void result(JsonNode id, JsonNode result) {
        ObjectNode message = envelope();
        message.set("id", id);
        message.set("result", result);
        send(message);
    }

    /** A result already written as UTF-8 JSON (see {@link #json}), for an answer that never changes. */
    public void result(JsonNode id, byte[] resultJson) {
        // A StringBuilder, not +: the first string concatenation of a new shape costs milliseconds to link.
        String head = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":").append(id.isIntegralNumber() ? id.asText()
                : json(id)).append(",\"result\":").toString();
        write(head.getBytes(StandardCharsets.UTF_8), resultJson, LINE_END);
    }

    /** {@code value} as one line of JSON. */
    public static String json(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A protocol message could not be written as JSON", e);
        }
    }

    public void error(JsonNode id, int code, String text) {
        ObjectNode message = envelope();
        message.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        message.putObject("error").put("code", code).put("message", text);
        send(message);
    }

    public void notify(String method, ObjectNode params) {
        ObjectNode message = envelope();
        message.put("method", method);
        message.set("params", params);
        send(message);
    }

    private static ObjectNode envelope() {
        return JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
    }

    private void send(ObjectNode message) {
        // Jackson escapes line breaks inside strings, so one message is always exactly one line.
        write((json(message) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[]... parts) {
        synchronized (out) {
            try {
                for (byte[] part : parts) {
                    out.write(part);
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("The client closed the connection", e);
            }
        }
    }
}
