package io.lakebook.kernel.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lakebook.kernel.transport.RawMessage;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the four JSON parts of a message. Unknown fields are ignored, as the spec asks of both sides, and
 * null fields are left out. See https://jupyter-client.readthedocs.io/en/stable/messaging.html#compatibility
 */
public final class JsonCodec {
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    // A cell's code is read whole, however long, as ipykernel does.
    private final ObjectMapper mapper = io.lakebook.core.LargeJson.mapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    public Message<?> decode(RawMessage raw) {
        try {
            Header header = mapper.readValue(raw.header(), Header.class);
            Object content = readContent(header.msgType(), raw.content());
            return new Message<>(raw.identities(), header, readParent(raw.parentHeader()), readMap(raw.metadata()),
                    content);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException("unreadable message (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    public RawMessage encode(Message<?> message) {
        try {
            byte[] parent = message.parentHeader() == null ? EMPTY_OBJECT : write(message.parentHeader());
            return new RawMessage(message.identities(), write(message.header()), parent, write(message.metadata()),
                    write(message.content()), List.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a " + message.type() + " message could not be written as JSON", e);
        }
    }

    /** Renders a message for DEBUG logs; the HMAC key is not part of a message, so nothing secret is printed. */
    public String describe(Message<?> message) {
        try {
            return message.type() + " " + mapper.writeValueAsString(message.content());
        } catch (JsonProcessingException e) {
            return message.type();
        }
    }

    private Object readContent(String msgType, byte[] content) throws IOException {
        JsonNode tree = mapper.readTree(content);
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("content is not a JSON object");
        }
        return MessageType.byName(msgType).<Object>map(type -> convert(tree, type)).orElse(tree);
    }

    private Object convert(JsonNode tree, MessageType<?> type) {
        try {
            return mapper.treeToValue(tree, type.contentType());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("content does not fit " + type.wireName(), e);
        }
    }

    private Header readParent(byte[] parent) throws IOException {
        JsonNode tree = mapper.readTree(parent);
        if (tree == null || !tree.has("msg_id")) {
            return null;
        }
        return mapper.treeToValue(tree, Header.class);
    }

    private Map<String, Object> readMap(byte[] json) throws IOException {
        Map<String, Object> map = mapper.readValue(json, new TypeReference<Map<String, Object>>() { });
        return map == null ? Map.of() : map;
    }

    private byte[] write(Object value) throws JsonProcessingException {
        return mapper.writeValueAsBytes(value);
    }
}
