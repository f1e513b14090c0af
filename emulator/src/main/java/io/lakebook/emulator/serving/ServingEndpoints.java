package io.lakebook.emulator.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.emulator.EmulatorException;
import io.lakebook.emulator.http.ApiException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace's serving endpoints and their AI Gateway settings. A fresh workspace holds the chat endpoints of
 * {@link SeededEndpoints}. Test hooks: {@link #add}, {@link #gateway}, {@link #setGateway}, {@link #rateLimitCap}.
 * Thread-safe.
 */
public final class ServingEndpoints {
    /** gateway-budgets §0.3: at most 20 rate limits per endpoint, 5 of them for groups (documented for Beta). */
    public static final int DEFAULT_MAX_LIMITS = 20;
    public static final int DEFAULT_MAX_GROUP_LIMITS = 5;

    private final Map<String, ServingEndpoint> endpoints = new LinkedHashMap<>();
    private final Clock clock;
    private volatile GatewayRules rules = new GatewayRules(DEFAULT_MAX_LIMITS, DEFAULT_MAX_GROUP_LIMITS);
    private final Map<String, Runnable> afterRead = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Runnable> afterWrite = new java.util.concurrent.ConcurrentHashMap<>();

    public ServingEndpoints(Clock clock) {
        this.clock = clock;
    }

    /** A workspace with the seeded endpoints. */
    public static ServingEndpoints seeded(Clock clock, String creator) {
        ServingEndpoints endpoints = new ServingEndpoints(clock);
        SeededEndpoints.all(creator, clock.millis()).forEach(endpoints::add);
        return endpoints;
    }

    public synchronized void add(ServingEndpoint endpoint) {
        if (endpoints.putIfAbsent(endpoint.name(), endpoint) != null) {
            throw new EmulatorException("A serving endpoint named " + endpoint.name() + " exists already");
        }
    }

    public synchronized List<ServingEndpoint> list() {
        return new ArrayList<>(endpoints.values());
    }

    public synchronized Optional<ServingEndpoint> find(String name) {
        return Optional.ofNullable(endpoints.get(name));
    }

    /** The endpoint, or the 404 a workspace answers for an unknown name (wording ⚠, reference §13). */
    public ServingEndpoint get(String name) {
        return find(name).orElseThrow(() -> new ApiException(404, "RESOURCE_DOES_NOT_EXIST",
                "Endpoint with name '" + name + "' does not exist."));
    }

    /** The endpoint's gateway configuration as it is now; an endpoint without one has an empty configuration. */
    public GatewayConfig gateway(String name) {
        GatewayConfig config = get(name).gateway();
        return config == null ? new GatewayConfig(null, null, null, null, null) : config;
    }

    /** Replaces the whole gateway configuration from a PUT body, after checking it; returns what is stored. */
    public synchronized GatewayConfig putGateway(String name, JsonNode body) {
        ServingEndpoint endpoint = get(name);
        GatewayConfig config = rules.read(body, endpoint.gateway());
        endpoints.put(name, endpoint.withGateway(config, clock.millis()));
        return config;
    }

    /** Sets the configuration directly, as an admin's change in the UI would, without the API's checks. */
    public synchronized void setGateway(String name, GatewayConfig config) {
        endpoints.put(name, get(name).withGateway(config, clock.millis()));
    }

    /**
     * Runs {@code action} once, right after the next {@code GET} of the endpoint has been answered (before the
     * client can act on it): a test hook for an admin's change that lands between a client's read and its write.
     */
    public void afterNextRead(String name, Runnable action) {
        afterRead.put(name, action);
    }

    /** Runs {@code action} once, right after the next {@code PUT …/ai-gateway} of the endpoint was stored. */
    public void afterNextWrite(String name, Runnable action) {
        afterWrite.put(name, action);
    }

    void read(String name) {
        Optional.ofNullable(afterRead.remove(name)).ifPresent(Runnable::run);
    }

    void written(String name) {
        Optional.ofNullable(afterWrite.remove(name)).ifPresent(Runnable::run);
    }

    /** Changes the entry caps the PUT enforces (Databricks' real caps for this API are unconfirmed). */
    public void rateLimitCap(int maxLimits, int maxGroupLimits) {
        if (maxLimits < 1 || maxGroupLimits < 0) {
            throw new EmulatorException("The rate limit caps must be positive, got " + maxLimits + " and "
                    + maxGroupLimits);
        }
        rules = new GatewayRules(maxLimits, maxGroupLimits);
    }
}
