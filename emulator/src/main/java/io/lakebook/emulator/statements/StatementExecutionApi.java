package io.lakebook.emulator.statements;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL Statement Execution API 2.0 (reference §6.1–6.5). A statement that fails in SQL is not an HTTP error:
 * it is a 200 with {@code state: FAILED} (reference §6.2); HTTP errors are kept for bad requests and unknown ids.
 */
public final class StatementExecutionApi {
    private static final String BASE = "/api/2.0/sql/statements";
    private static final Pattern CHUNK = Pattern.compile(BASE + "/([^/]+)/result/chunks/([^/]+)");
    private static final Pattern CANCEL = Pattern.compile(BASE + "/([^/]+)/cancel");
    private static final Pattern GET = Pattern.compile(BASE + "/([^/]+)");

    private final Statements statements;

    public StatementExecutionApi(Statements statements) {
        this.statements = statements;
    }

    public void register(ApiServer server) {
        server.route("POST", BASE, ErrorStyle.STANDARD, request -> statements.execute(ExecuteRequest.parse(request)));
        server.routePrefix("GET", BASE + "/", ErrorStyle.STANDARD, this::get);
        server.routePrefix("POST", BASE + "/", ErrorStyle.STANDARD, this::cancel);
    }

    private Object get(ApiRequest request) {
        Matcher chunk = CHUNK.matcher(request.path());
        if (chunk.matches()) {
            return statements.chunk(chunk.group(1), chunkIndex(chunk.group(2)));
        }
        Matcher get = GET.matcher(request.path());
        if (get.matches()) {
            return statements.get(get.group(1));
        }
        throw notFound(request);
    }

    private Object cancel(ApiRequest request) {
        Matcher cancel = CANCEL.matcher(request.path());
        if (!cancel.matches()) {
            throw notFound(request);
        }
        statements.cancel(cancel.group(1));
        return Map.of();
    }

    private static long chunkIndex(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("chunk_index must be a whole number, got '" + text + "'");
        }
    }

    private static ApiException notFound(ApiRequest request) {
        return new ApiException(404, "ENDPOINT_NOT_FOUND", "No API found for '" + request.method() + " "
                + request.path() + "'");
    }
}
