package io.lakebook.kernel.handler;

import io.lakebook.kernel.wire.Message;

/** Handles one message type: sends exactly one reply, publishing outputs on IOPub on the way. */
@FunctionalInterface
public interface RequestHandler<T> {
    void handle(Message<T> request, Replier replier);
}
