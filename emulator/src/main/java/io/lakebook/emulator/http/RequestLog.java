package io.lakebook.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The API calls the emulator received, newest last, so that tests can check what a client sent (and what it did not
 * send). Only the most recent {@value #CAPACITY} are kept, and of a 1.2 command or a SQL statement only its first
 * {@value #COMMAND_PREFIX} characters: the log must not grow with the size of uploads.
 */
public final class RequestLog {
    static final int CAPACITY = 20_000;
    static final int COMMAND_PREFIX = 4_096;

    /**
     * One call.
     *
     * @param method     the HTTP method
     * @param path       the path, without the query
     * @param bodyBytes  the size of the request body
     * @param command    for {@code commands/execute}, the start of the code sent; for {@code sql/statements}, the
     *                   start of the SQL; empty otherwise
     * @param contextId  for 1.2 calls, the execution context named, in the body or the query; empty otherwise
     * @param userAgent  the client's User-Agent header, empty when it sent none
     * @param fault      the fault switched on for this call ({@link HttpFault#label()}), empty when none was
     * @param handled    false when a fault stopped the call before its handler, so it had no effect
     * @param status     the HTTP status of the answer (also when a fault then lost it), 0 when there was none
     */
    public record Entry(String method, String path, int bodyBytes, String command, String contextId,
                        String userAgent, String fault, boolean handled, int status) {
        /** The workspace did what was asked: the handler ran and answered 200, whether or not the answer arrived. */
        public boolean succeeded() {
            return handled && status == 200;
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    synchronized void add(String method, String path, int bodyBytes, JsonNode body, String contextId,
                          String userAgent, String fault, boolean handled, int status) {
        String command = body == null ? "" : body.path("command").asText(body.path("statement").asText(""));
        entries.addLast(new Entry(method, path, bodyBytes, command.substring(0, Math.min(command.length(),
                COMMAND_PREFIX)), contextId, userAgent == null ? "" : userAgent, fault, handled, status));
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
    }

    /** A copy of the log, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }
}
