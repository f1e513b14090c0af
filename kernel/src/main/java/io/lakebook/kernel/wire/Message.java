package io.lakebook.kernel.wire;

import java.util.List;
import java.util.Map;

/**
 * One Jupyter message with its content read into a record (or a {@code JsonNode} for types lakebook does not know).
 *
 * @param identities   the ROUTER routing frames of a request, which its reply must carry back; empty on IOPub
 * @param parentHeader the header of the request this message answers, or null for none
 */
public record Message<T>(List<byte[]> identities, Header header, Header parentHeader, Map<String, Object> metadata,
                         T content) {
    public Message {
        identities = List.copyOf(identities);
        metadata = Map.copyOf(metadata);
    }

    public String type() {
        return header.msgType();
    }

    public String id() {
        return header.msgId();
    }
}
