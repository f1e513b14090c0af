package io.lakebook.kernel.handler;

import io.lakebook.kernel.wire.ErrorReply;
import io.lakebook.kernel.wire.Message;
import io.lakebook.kernel.wire.MessageFactory;
import io.lakebook.kernel.wire.MessageType;
import io.lakebook.kernel.wire.iopub.IOPubStatus;
import io.lakebook.kernel.wire.shell.ShellExecuteReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes a message to its handler between a {@code busy} and an {@code idle} status, the frame every request gets.
 * A request without a handler gets an error reply; any other unknown message is logged and ignored.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#kernel-status
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Map<String, RequestHandler<?>> handlers = new HashMap<>();
    private final Set<String> warnedTypes = ConcurrentHashMap.newKeySet();
    private final Iopub iopub;
    private final MessageFactory messages;

    public Dispatcher(Iopub iopub, MessageFactory messages) {
        this.iopub = iopub;
        this.messages = messages;
    }

    /** Registers a handler; call before the channel loops start. */
    public <T> Dispatcher on(MessageType<T> type, RequestHandler<T> handler) {
        handlers.put(type.wireName(), handler);
        return this;
    }

    public void dispatch(Message<?> message, Replier replier) {
        whileBusy(message, () -> route(message, replier));
    }

    /** Answers an execute request that was queued behind a failed cell, without running it. */
    public void abort(Message<?> request, Replier replier) {
        LOG.debug("Aborting {} {} after an earlier error", request.type(), request.id());
        whileBusy(request, () -> replier.send(messages.reply(request, ShellExecuteReply.aborted())));
    }

    private void whileBusy(Message<?> request, Runnable work) {
        iopub.publish(request, IOPubStatus.BUSY);
        try {
            work.run();
        } finally {
            iopub.publish(request, IOPubStatus.IDLE);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void route(Message<?> message, Replier replier) {
        RequestHandler handler = handlers.get(message.type());
        if (handler == null) {
            answerUnknown(message, replier);
            return;
        }
        try {
            handler.handle(message, replier);
        } catch (RuntimeException e) {
            LOG.error("Handling {} {} failed", message.type(), message.id(), e);
            replier.send(messages.reply(message, replyType(message.type()), ErrorReply.failed(message.type(), e)));
        }
    }

    private void answerUnknown(Message<?> message, Replier replier) {
        if (message.type().endsWith("_request")) {
            LOG.debug("No handler for {}; answering with an error reply", message.type());
            replier.send(messages.reply(message, replyType(message.type()), ErrorReply.unsupported(message.type())));
        } else if (warnedTypes.add(message.type())) {
            LOG.warn("Ignoring {} messages: the Databricks kernel does not handle them", message.type());
        }
    }

    private static String replyType(String requestType) {
        return requestType.replaceFirst("_request$", "") + "_reply";
    }
}
