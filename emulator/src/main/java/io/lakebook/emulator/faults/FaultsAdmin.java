package io.lakebook.emulator.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lakebook.emulator.EmulatorException;
import io.lakebook.emulator.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault switches of a separately started emulator ({@code lakebook emulator --faults-port N}), on a port of
 * their own so that nothing about them looks like the Databricks API: JSON over HTTP on 127.0.0.1, with the
 * emulator's token as bearer token.
 *
 * <pre>
 * GET    /faults                      the HTTP faults switched on, with how often each fired
 * POST   /faults                      {"fault": "unavailable"|"rate-limited"|"delay"|"drop"|"cut"|"trickle",
 *                                      "method": "GET", "path": "/api/", "retry_after_seconds": 1, "millis": 500,
 *                                      "handled": false, "times": 3, "lasting_seconds": 60}
 * POST   /faults/refuse-connections   {"seconds": 10}
 * POST   /faults/evict-context        {"context_id": "..."}
 * POST   /faults/stick-commands       {"containing": "text in the command"}
 * POST   /faults/release-commands     {}
 * POST   /faults/warehouse-stuck      {"warehouse_id": "...", "stuck": true}
 * POST   /faults/token-expired        {"expired": true}
 * DELETE /faults                      everything off
 * </pre>
 */
public final class FaultsAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultsAdmin.class);

    private final Faults faults;
    private final byte[] token;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "emulator-faults-admin");
        thread.setDaemon(true);
        return thread;
    });

    public FaultsAdmin(Faults faults, String token, int port) {
        this.faults = faults;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new EmulatorException("Cannot listen for fault switches on 127.0.0.1:" + port + ": "
                    + e.getMessage() + ". Choose another port, or 0 for any free one.", e);
        }
        server.setExecutor(executor);
        server.createContext("/faults", this::serve);
        server.start();
        LOG.info("Fault switches at http://127.0.0.1:{}/faults", port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) {
        try (exchange) {
            String given = exchange.getRequestHeaders().getFirst("Authorization");
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token)) {
                reply(exchange, 401, Map.of("message", "Send the emulator's token: Authorization: Bearer <token>"));
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                body = bytes.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(bytes);
            }
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            try {
                reply(exchange, 200, act(route, body));
            } catch (IllegalArgumentException | NullPointerException e) {
                reply(exchange, 400, Map.of("message", String.valueOf(e.getMessage())));
            }
        } catch (IOException e) {
            LOG.debug("A fault switch request could not be answered", e);
        }
    }

    private Object act(String route, JsonNode body) {
        switch (route) {
            case "GET /faults" -> {
                return Map.of("rules", listed());
            }
            case "POST /faults" -> {
                return Map.of("armed", arm(body).toString());
            }
            case "POST /faults/refuse-connections" -> faults.refuseConnections(Duration.ofSeconds(
                    required(body, "seconds").asLong()));
            case "POST /faults/evict-context" -> {
                return Map.of("evicted", faults.evictContext(required(body, "context_id").asText()));
            }
            case "POST /faults/stick-commands" -> {
                String text = required(body, "containing").asText();
                faults.stickCommands(code -> code.contains(text));
            }
            case "POST /faults/release-commands" -> faults.releaseStuckCommands();
            case "POST /faults/warehouse-stuck" -> faults.warehouseStuckStarting(required(body, "warehouse_id")
                    .asText(), body.path("stuck").asBoolean(true));
            case "POST /faults/token-expired" -> faults.tokenExpired(body.path("expired").asBoolean(true));
            case "DELETE /faults" -> faults.clear();
            default -> throw new IllegalArgumentException("No fault switch at " + route + "; see GET /faults");
        }
        return Map.of("ok", true);
    }

    private Rule arm(JsonNode body) {
        Calls calls = new Calls(body.hasNonNull("method") ? body.get("method").asText() : null,
                body.path("path").asText("/api/"));
        Faults.Switch fault = faults.on(calls);
        if (body.hasNonNull("times")) {
            fault.times(body.get("times").asInt());
        }
        if (body.hasNonNull("lasting_seconds")) {
            fault.lasting(Duration.ofSeconds(body.get("lasting_seconds").asLong()));
        }
        Optional<Duration> retryAfter = body.hasNonNull("retry_after_seconds")
                ? Optional.of(Duration.ofSeconds(body.get("retry_after_seconds").asLong())) : Optional.empty();
        Duration millis = Duration.ofMillis(body.path("millis").asLong(1000));
        return switch (required(body, "fault").asText()) {
            case "unavailable" -> fault.unavailable(retryAfter);
            case "rate-limited" -> fault.rateLimited(retryAfter);
            case "delay" -> fault.delay(millis);
            case "drop" -> fault.drop(body.path("handled").asBoolean(false));
            case "cut" -> fault.cut();
            case "trickle" -> fault.trickle(millis);
            default -> throw new IllegalArgumentException("\"fault\" must be unavailable, rate-limited, delay, drop, "
                    + "cut or trickle");
        };
    }

    private List<Map<String, Object>> listed() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Rule rule : faults.rules()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("fault", rule.toString());
            shown.put("fired", rule.fired());
            shown.put("active", rule.active());
            rules.add(shown);
        }
        return rules;
    }

    private static JsonNode required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        return value;
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
