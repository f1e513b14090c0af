package io.lakebook.kernel.transport;

import java.util.List;

/**
 * One message as ZeroMQ frames, signature already checked: routing identities, the four JSON parts and any binary
 * buffers. The JSON is read one layer up, in {@code wire}.
 */
public record RawMessage(List<byte[]> identities, byte[] header, byte[] parentHeader, byte[] metadata, byte[] content,
                         List<byte[]> buffers) {
    public RawMessage {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    List<byte[]> signedParts() {
        return List.of(header, parentHeader, metadata, content);
    }
}
