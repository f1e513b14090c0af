package io.lakebook.emulator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which calls a fault applies to: a method (or any), a path prefix, and optionally what the query or the body says.
 *
 * @param method an HTTP method, or null for any
 * @param prefix the start of the path, such as {@code /api/1.2/commands/status}
 * @param query  what the raw query string must satisfy (it is empty for a call without one)
 * @param body   what the JSON body must satisfy (it is null for a call without one)
 */
public record Calls(String method, String prefix, Predicate<String> query, Predicate<JsonNode> body) {

    private static final String EXECUTE = "/api/1.2/commands/execute";

    public Calls {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(body, "body");
        method = method == null ? null : method.toUpperCase(Locale.ROOT);
    }

    public Calls(String method, String prefix) {
        this(method, prefix, any -> true, any -> true);
    }

    /** The status polls of commands in one execution context (reference §2.6), not those of other contexts. */
    public static Calls statusPollsIn(String contextId) {
        return new Calls("GET", "/api/1.2/commands/status", query -> query.contains("contextId=" + contextId),
                any -> true);
    }

    /**
     * The Command Execution calls that send code containing {@code text} (reference §2.5): a notebook's cell, and
     * not the short commands a client runs for itself.
     */
    public static Calls commandsContaining(String text) {
        return new Calls("POST", EXECUTE, any -> true, body -> body != null
                && body.path("command").asText("").contains(text));
    }

    /** Every call below {@code /api/}: what lakebook's products send once signed in. */
    public static Calls api() {
        return new Calls(null, "/api/");
    }

    /** Every call, the sign-in and discovery endpoints included. */
    public static Calls all() {
        return new Calls(null, "/");
    }

    /** Calls with {@code method} to paths starting with {@code prefix}. */
    public static Calls to(String method, String prefix) {
        return new Calls(method, prefix);
    }

    boolean matches(String requestMethod, String path, String requestQuery, JsonNode requestBody) {
        return (method == null || method.equalsIgnoreCase(requestMethod)) && path.startsWith(prefix)
                && query.test(requestQuery) && body.test(requestBody);
    }

    @Override
    public String toString() {
        return (method == null ? "*" : method) + " " + prefix + "*";
    }
}
