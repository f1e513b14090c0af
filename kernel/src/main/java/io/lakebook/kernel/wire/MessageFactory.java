package io.lakebook.kernel.wire;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the messages the kernel sends, with a fresh header in this kernel's session. A reply goes back to the
 * request's sender (its routing identities); a publication goes to IOPub with its request as parent.
 */
public final class MessageFactory {
    private final String session;
    private final String username;

    public MessageFactory(String session, String username) {
        this.session = session;
        this.username = username;
    }

    public String session() {
        return session;
    }

    public <T> Message<T> reply(Message<?> request, T content) {
        return reply(request, MessageType.forContent(content.getClass()).wireName(), content);
    }

    /** A reply whose type has no record of its own, such as the answer to an unknown request. */
    public <T> Message<T> reply(Message<?> request, String msgType, T content) {
        return new Message<>(request.identities(), header(msgType), request.header(), Map.of(), content);
    }

    /** A publication; {@code parent} is null for the few messages that answer no request ({@code starting}). */
    public <T> Message<T> publication(Message<?> parent, T content) {
        String type = MessageType.forContent(content.getClass()).wireName();
        return new Message<>(List.of(), header(type), parent == null ? null : parent.header(), Map.of(), content);
    }

    private Header header(String msgType) {
        String date = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        return new Header(UUID.randomUUID().toString(), session, username, date, msgType, Header.PROTOCOL_VERSION);
    }
}
