package io.lakebook.kernel.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits and joins the frames of the wire protocol:
 * {@code [identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]}.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
public final class FrameCodec {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final int SIGNED_PARTS = 4;

    private final Signer signer;

    public FrameCodec(Signer signer) {
        this.signer = signer;
    }

    public RawMessage decode(List<byte[]> frames) {
        int delimiter = indexOfDelimiter(frames);
        if (frames.size() < delimiter + 2 + SIGNED_PARTS) {
            throw new BadMessageException("too few frames after the delimiter (" + frames.size() + " in all)");
        }
        int first = delimiter + 2;
        RawMessage message = new RawMessage(frames.subList(0, delimiter), frames.get(first), frames.get(first + 1),
                frames.get(first + 2), frames.get(first + 3), frames.subList(first + SIGNED_PARTS, frames.size()));
        if (!signer.verify(message.signedParts(), frames.get(delimiter + 1))) {
            throw new BadMessageException("wrong signature");
        }
        return message;
    }

    public List<byte[]> encode(RawMessage message) {
        List<byte[]> frames = new ArrayList<>(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(message.signedParts()));
        frames.addAll(message.signedParts());
        frames.addAll(message.buffers());
        return frames;
    }

    private static int indexOfDelimiter(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                return i;
            }
        }
        throw new BadMessageException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
    }
}
