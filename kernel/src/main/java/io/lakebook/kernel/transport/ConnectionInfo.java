package io.lakebook.kernel.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a Jupyter front end tells the kernel in its connection file: where to bind the five sockets and how to sign
 * messages. See https://jupyter-client.readthedocs.io/en/stable/kernels.html#connection-files
 *
 * @param transport       {@code tcp}, the only transport served
 * @param ip              the address to bind
 * @param signatureScheme for example {@code hmac-sha256}
 * @param key             the HMAC key; empty means messages are not signed
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int controlPort, int iopubPort,
                             int stdinPort, int hbPort, String signatureScheme, Secret key) {
    private static final JsonFactory JSON = new JsonFactory();

    public ConnectionInfo {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(signatureScheme, "signatureScheme");
        Objects.requireNonNull(key, "key");
    }

    /** Reads and checks a connection file; the exception's message names the file and the fix. */
    public static ConnectionInfo read(Path file) {
        JsonNode json = parse(file);
        String transport = json.path("transport").asText("tcp");
        if (!transport.equals("tcp")) {
            // jeromq has no Unix-socket transport: its "ipc" is loopback TCP that pyzmq clients cannot reach, so
            // accepting it would leave Jupyter waiting for a kernel that never answers.
            throw invalid(file, "its transport is \"" + transport + "\", and lakebook's kernel serves tcp only "
                    + "(Jupyter's default; remove \"transport\" or set it to \"tcp\")");
        }
        JsonNode key = json.get("key");
        if (key == null || !key.isTextual()) {
            // An absent key must not quietly mean "accept unsigned messages"; an explicit "" is the spec's way.
            throw invalid(file, "it has no \"key\" (an empty string turns message signing off on purpose)");
        }
        return new ConnectionInfo(transport, text(file, json, "ip"),
                port(file, json, "shell_port"), port(file, json, "control_port"), port(file, json, "iopub_port"),
                port(file, json, "stdin_port"), port(file, json, "hb_port"),
                json.path("signature_scheme").asText("hmac-sha256"), Secret.of(key.asText()));
    }

    /** The ZeroMQ endpoint for one port. */
    public String endpoint(int port) {
        return "tcp://" + ip + ":" + port;
    }

    /**
     * Reads the file with Jackson's streaming parser: it is read before the sockets are bound, and the first
     * construction of an ObjectMapper costs more than everything else before them (see {@code Kernel}).
     */
    private static JsonNode parse(Path file) {
        try (JsonParser parser = JSON.createParser(Files.readAllBytes(file))) {
            JsonNode json = parser.nextToken() == null ? null : tree(parser);
            if (json == null || !json.isObject()) {
                throw invalid(file, "it does not hold a JSON object");
            }
            return json;
        } catch (NoSuchFileException e) {
            throw new InvalidConnectionFileException("The connection file " + file + " does not exist. "
                    + "Start the kernel from Jupyter, which writes that file, or pass an existing one with -f.", e);
        } catch (AccessDeniedException e) {
            throw invalid(file, "it cannot be read: permission denied");
        } catch (JsonProcessingException e) {
            throw invalid(file, "it is not valid JSON (line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw invalid(file, "it cannot be read (" + e.getMessage() + ")");
        }
    }

    private static JsonNode tree(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, tree(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(tree(parser));
                }
                yield array;
            }
            case VALUE_STRING -> JsonNodeFactory.instance.textNode(parser.getText());
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue())
                    : JsonNodeFactory.instance.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> JsonNodeFactory.instance.numberNode(parser.getDoubleValue());
            case VALUE_TRUE, VALUE_FALSE -> JsonNodeFactory.instance.booleanNode(parser.getBooleanValue());
            default -> JsonNodeFactory.instance.nullNode();
        };
    }

    private static String text(Path file, JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(file, "it has no \"" + field + "\"");
        }
        return value.asText();
    }

    private static int port(Path file, JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.canConvertToInt() || value.asInt() <= 0 || value.asInt() > 65535) {
            throw invalid(file, "it has no valid \"" + field + "\"");
        }
        return value.asInt();
    }

    private static InvalidConnectionFileException invalid(Path file, String why) {
        return new InvalidConnectionFileException("The connection file " + file + " is not usable: " + why
                + ". Let Jupyter start the kernel (it writes a fresh connection file), or fix the file.");
    }
}
