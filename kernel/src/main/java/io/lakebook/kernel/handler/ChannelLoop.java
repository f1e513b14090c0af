package io.lakebook.kernel.handler;

import io.lakebook.kernel.transport.RawMessage;
import io.lakebook.kernel.transport.RouterChannel;
import io.lakebook.kernel.wire.JsonCodec;
import io.lakebook.kernel.wire.MalformedMessageException;
import io.lakebook.kernel.wire.Message;
import io.lakebook.kernel.wire.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves one ROUTER channel on its own thread, one message at a time. Shell and control each get a loop, so an
 * interrupt or a shutdown on control is served while a cell runs on shell.
 */
public final class ChannelLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelLoop.class);

    private final RouterChannel channel;
    private final JsonCodec codec;
    private final Dispatcher dispatcher;
    private final Replier replier;
    /** Requests taken off the socket when a cell failed, still to be answered. */
    private final Deque<Message<?>> collected = new ArrayDeque<>();
    /** Execute requests that arrived while a cell ran, to run after it in order. */
    private final Deque<Message<?>> waiting = new ArrayDeque<>();
    private volatile boolean running = true;

    public ChannelLoop(RouterChannel channel, JsonCodec codec, Dispatcher dispatcher) {
        this.channel = channel;
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.replier = this::send;
    }

    @Override
    public void run() {
        while (running) {
            try {
                channel.receive(true).flatMap(this::decode).ifPresent(this::handle);
                while (!waiting.isEmpty()) {
                    handle(waiting.poll());
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("The {} channel failed on a message; serving the next one", channel.name(), e);
                }
            }
        }
    }

    /** Ends the loop after the message being handled, within the channel's poll interval. */
    public void stop() {
        running = false;
    }

    private void handle(Message<?> message) {
        dispatcher.dispatch(message, replier);
        while (!collected.isEmpty()) {
            answerCollected(collected.poll());
        }
    }

    /**
     * Takes what has already arrived off the socket. Called on this loop's thread, by a failing cell before its
     * reply is sent; the requests are answered once that cell's handling is over.
     */
    public void collectQueuedRequests() {
        collected.addAll(waiting);
        waiting.clear();
        Optional<RawMessage> raw;
        while ((raw = channel.receive(false)).isPresent()) {
            decode(raw.get()).ifPresent(collected::add);
        }
    }

    /** See {@link io.lakebook.kernel.handler.ServeWhileRunning}; polls every 20 ms, so answers come within that. */
    public void serveUntil(Future<?> running) throws InterruptedException {
        while (!running.isDone()) {
            Optional<Message<?>> message = channel.receive(false).flatMap(this::decode);
            if (message.isEmpty()) {
                try {
                    running.get(20, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // Done with a failure (the caller reads it) or still running: go on serving.
                }
            } else if (message.get().type().equals(MessageType.EXECUTE_REQUEST.wireName())) {
                waiting.add(message.get());
            } else {
                dispatcher.dispatch(message.get(), replier);
            }
        }
    }

    /** A cell queued behind a failed one is aborted; any other request is served as usual. */
    private void answerCollected(Message<?> message) {
        if (message.type().equals(MessageType.EXECUTE_REQUEST.wireName())) {
            dispatcher.abort(message, replier);
        } else {
            dispatcher.dispatch(message, replier);
        }
    }

    private Optional<Message<?>> decode(RawMessage raw) {
        try {
            Message<?> message = codec.decode(raw);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} -> {}", channel.name(), codec.describe(message));
            }
            return Optional.of(message);
        } catch (MalformedMessageException e) {
            LOG.warn("Dropped a message on the {} channel: {}", channel.name(), e.getMessage());
            return Optional.empty();
        }
    }

    private void send(Message<?> reply) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} <- {}", channel.name(), codec.describe(reply));
        }
        channel.send(codec.encode(reply));
    }
}
