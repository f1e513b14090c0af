package io.lakebook.kernel.handler;

import io.lakebook.kernel.transport.Publisher;
import io.lakebook.kernel.wire.JsonCodec;
import io.lakebook.kernel.wire.Message;
import io.lakebook.kernel.wire.MessageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on IOPub. Every publication names its request as parent, which is how a front end puts an output
 * under the right cell. Safe to call from any thread.
 */
public final class Iopub {
    private static final Logger LOG = LoggerFactory.getLogger(Iopub.class);

    private final Publisher publisher;
    private final JsonCodec codec;
    private final MessageFactory messages;

    public Iopub(Publisher publisher, JsonCodec codec, MessageFactory messages) {
        this.publisher = publisher;
        this.codec = codec;
        this.messages = messages;
    }

    /** Publishes content under {@code parent}; null only for the {@code starting} status, which answers nothing. */
    public void publish(Message<?> parent, Object content) {
        Message<?> message = messages.publication(parent, content);
        if (LOG.isDebugEnabled()) {
            LOG.debug("iopub <- {}", codec.describe(message));
        }
        publisher.publish("kernel." + messages.session() + "." + message.type(), codec.encode(message));
    }
}
