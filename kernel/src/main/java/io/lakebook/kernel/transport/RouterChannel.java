package io.lakebook.kernel.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A ROUTER socket of the shell, control or stdin channel. Like every ZeroMQ socket it is not thread-safe: one thread
 * (the channel's loop) receives and replies on it.
 */
public final class RouterChannel {
    private static final Logger LOG = LoggerFactory.getLogger(RouterChannel.class);

    private final String name;
    private final ZMQ.Socket socket;
    private final FrameCodec codec;

    RouterChannel(String name, ZMQ.Socket socket, FrameCodec codec) {
        this.name = name;
        this.socket = socket;
        this.codec = codec;
    }

    public String name() {
        return name;
    }

    /**
     * The next message, waiting up to the socket's poll interval when {@code wait} is true. A message that breaks the
     * protocol or is badly signed is dropped with a warning, so that one bad peer cannot stop the kernel.
     */
    public Optional<RawMessage> receive(boolean wait) {
        List<byte[]> frames = receiveFrames(wait);
        if (frames.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(frames));
        } catch (BadMessageException e) {
            LOG.warn("Dropped a message on the {} channel: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    public void send(RawMessage message) {
        sendFrames(socket, codec.encode(message));
    }

    private List<byte[]> receiveFrames(boolean wait) {
        byte[] first = socket.recv(wait ? 0 : ZMQ.DONTWAIT);
        if (first == null) {
            return List.of();
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size() - 1; i++) {
            socket.sendMore(frames.get(i));
        }
        socket.send(frames.get(frames.size() - 1));
    }
}
