package io.lakebook.emulator.statements;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.sql.SqlParameter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked {@code POST /api/2.0/sql/statements} body (reference §6.1). Every refusal is a 400 that names the field
 * and what it accepts.
 */
record ExecuteRequest(String warehouseId, String statement, Duration waitTimeout, boolean cancelOnTimeout,
                      String catalog, String schema, Map<String, SqlParameter> parameters, long rowLimit,
                      long byteLimit, String caller) {
    private static final Pattern SECONDS = Pattern.compile("(\\d+)s");

    static ExecuteRequest parse(ApiRequest request) {
        String warehouseId = request.required("warehouse_id");
        String statement = request.required("statement");
        Duration wait = waitTimeout(request.optional("wait_timeout").orElse("10s"));
        String onTimeout = oneOf(request, "on_wait_timeout", "CONTINUE", List.of("CONTINUE", "CANCEL"));
        String disposition = oneOf(request, "disposition", "INLINE", List.of("INLINE", "EXTERNAL_LINKS"));
        if (disposition.equals("EXTERNAL_LINKS")) {
            throw ApiException.badRequest("disposition EXTERNAL_LINKS is not available in lakebook's emulator, which "
                    + "has no cloud storage to link to; use INLINE (the default)");
        }
        String format = oneOf(request, "format", "JSON_ARRAY", List.of("JSON_ARRAY", "ARROW_STREAM", "CSV"));
        if (!format.equals("JSON_ARRAY")) {
            throw ApiException.badRequest("format " + format + " requires disposition EXTERNAL_LINKS; with INLINE "
                    + "use JSON_ARRAY");
        }
        return new ExecuteRequest(warehouseId, statement, wait, onTimeout.equals("CANCEL"),
                request.optional("catalog").orElse(null), request.optional("schema").orElse(null),
                parameters(request.body().path("parameters")), limit(request, "row_limit"),
                limit(request, "byte_limit"), request.caller());
    }

    /** reference §6.1: {@code 0s}, or 5 to 50 seconds. */
    private static Duration waitTimeout(String text) {
        Matcher matcher = SECONDS.matcher(text.trim());
        if (matcher.matches()) {
            long seconds = Long.parseLong(matcher.group(1));
            if (seconds == 0 || seconds >= 5 && seconds <= 50) {
                return Duration.ofSeconds(seconds);
            }
        }
        throw ApiException.badRequest("wait_timeout must be 0s or between 5s and 50s, got '" + text + "'");
    }

    private static String oneOf(ApiRequest request, String field, String fallback, List<String> allowed) {
        String value = request.optional(field).orElse(fallback);
        if (!allowed.contains(value)) {
            throw ApiException.badRequest(field + " must be one of " + allowed + ", got '" + value + "'");
        }
        return value;
    }

    private static long limit(ApiRequest request, String field) {
        String text = request.optional(field).orElse(null);
        if (text == null) {
            return -1;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(field + " must be a whole number of zero or more, got '" + text + "'");
    }

    private static Map<String, SqlParameter> parameters(JsonNode list) {
        Map<String, SqlParameter> parameters = new LinkedHashMap<>();
        if (list.isMissingNode() || list.isNull()) {
            return parameters;
        }
        if (!list.isArray()) {
            throw ApiException.badRequest("parameters must be a list of {name, value, type} objects");
        }
        for (JsonNode item : list) {
            String name = item.path("name").asText("");
            if (name.isEmpty()) {
                throw ApiException.badRequest("Every entry of parameters needs a name; got " + item);
            }
            JsonNode value = item.path("value");
            JsonNode type = item.path("type");
            parameters.put(name, new SqlParameter(name, value.isNull() || value.isMissingNode() ? null : value.asText(),
                    type.isNull() || type.isMissingNode() ? null : type.asText()));
        }
        return parameters;
    }
}
