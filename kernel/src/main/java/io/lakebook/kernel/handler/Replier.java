package io.lakebook.kernel.handler;

import io.lakebook.kernel.wire.Message;

/** Sends a reply on the channel its request came in on (shell or control). */
@FunctionalInterface
public interface Replier {
    void send(Message<?> reply);
}
