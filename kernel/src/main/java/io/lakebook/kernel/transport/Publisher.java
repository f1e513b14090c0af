package io.lakebook.kernel.transport;

import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The IOPub PUB socket. The shell loop, the control loop and the progress ticker all publish, so every send holds
 * one lock: a ZeroMQ socket must never be used by two threads at once.
 */
public final class Publisher {
    private final ZMQ.Socket socket;
    private final FrameCodec codec;
    private final Object lock = new Object();

    Publisher(ZMQ.Socket socket, FrameCodec codec) {
        this.socket = socket;
        this.codec = codec;
    }

    /** Sends a message under a topic; Jupyter clients subscribe to every topic and ignore it. */
    public void publish(String topic, RawMessage message) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(topic.getBytes(StandardCharsets.UTF_8));
        frames.addAll(codec.encode(message));
        synchronized (lock) {
            RouterChannel.sendFrames(socket, frames);
        }
    }
}
