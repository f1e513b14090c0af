package io.lakebook.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a handler sees it: the query string and the JSON body. The SDK sends GET parameters in the query
 * and POST parameters in the body (reference §1.1); {@link #optional} looks in both, so a client that sends a POST
 * parameter in the query (some 1.2 clients do, reference §2.7) is served too.
 */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final JsonNode body;
    private final String caller;

    ApiRequest(String method, String path, String rawQuery, JsonNode body, String caller) {
        this.method = method;
        this.path = path;
        this.query = parseQuery(rawQuery);
        this.body = body == null ? NullNode.getInstance() : body;
        this.caller = caller;
    }

    /** A request built by hand, for tests of handlers. */
    public static ApiRequest of(String method, String path, String rawQuery, JsonNode body) {
        return new ApiRequest(method, path, rawQuery, body, "");
    }

    /** The user name the call acts as (the owner of its token); empty for calls that need no token. */
    public String caller() {
        return caller;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The JSON body; a missing body reads as JSON null. */
    public JsonNode body() {
        return body;
    }

    /** The value of a parameter that must be there, or a 400 naming it. */
    public String required(String name) {
        return optional(name).orElseThrow(() -> ApiException.badRequest("Missing required field: " + name));
    }

    public Optional<String> optional(String name) {
        JsonNode value = body.path(name);
        if (value.isValueNode() && !value.isNull() && !value.asText().isEmpty()) {
            return Optional.of(value.asText());
        }
        List<String> values = query.getOrDefault(name, List.of());
        return values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of a repeated query parameter, such as {@code filter_by.cluster_states} (reference §1.1). */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(query.getOrDefault(name, List.of()));
        JsonNode node = body.path(name);
        node.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
