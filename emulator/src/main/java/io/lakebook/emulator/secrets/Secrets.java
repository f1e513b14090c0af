package io.lakebook.emulator.secrets;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workspace's secret scopes, for what clients check before they refer to a secret
 * ({@code {{secrets/scope/key}}} in a job cluster's environment): {@code GET /api/2.0/secrets/scopes/list} and
 * {@code GET /api/2.0/secrets/list?scope=} (the SDK's {@code SecretsImpl}). Values are never served, as a workspace
 * never serves them to the API. Tests add secrets with {@link #put}. Thread-safe.
 */
public final class Secrets {
    private final Map<String, Map<String, Long>> scopes = new LinkedHashMap<>();
    private final Clock clock;

    public Secrets(Clock clock) {
        this.clock = clock;
    }

    /** Puts a secret (its value is not kept: nothing here reads it back), creating the scope when needed. */
    public synchronized void put(String scope, String key) {
        scopes.computeIfAbsent(scope, name -> new LinkedHashMap<>()).put(key, clock.millis());
    }

    public void register(ApiServer server) {
        server.route("GET", "/api/2.0/secrets/scopes/list", ErrorStyle.STANDARD, request -> scopes());
        server.route("GET", "/api/2.0/secrets/list", ErrorStyle.STANDARD, request -> keys(request.required("scope")));
    }

    private synchronized Map<String, Object> scopes() {
        return Map.of("scopes", scopes.keySet().stream().map(name -> Map.of("name", name, "backend_type",
                "DATABRICKS")).toList());
    }

    /** An unknown scope is a 404 RESOURCE_DOES_NOT_EXIST (wording ⚠). */
    private synchronized Map<String, Object> keys(String scope) {
        Map<String, Long> keys = scopes.get(scope);
        if (keys == null) {
            throw new ApiException(404, "RESOURCE_DOES_NOT_EXIST", "Scope " + scope + " does not exist!");
        }
        List<Map<String, Object>> secrets = keys.entrySet().stream().map(entry -> Map.<String, Object>of("key",
                entry.getKey(), "last_updated_timestamp", entry.getValue())).toList();
        return Map.of("secrets", secrets);
    }
}
