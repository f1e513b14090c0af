package io.lakebook.emulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lakebook.emulator.EmulatorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the emulator: the JDK's server on 127.0.0.1, every API at the root of the origin because the SDK
 * drops any path from the host (reference §1.1). Calls below {@code /api/} need the bearer token; the few discovery
 * documents the SDK fetches before it authenticates (reference §1.2) do not.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int THREADS = 8;
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, Route> prefixRoutes = new ConcurrentHashMap<>();
    private final Authenticator authenticator;
    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestLog requestLog = new RequestLog();

    private final Map<String, RawHandler> rawRoutes = new ConcurrentHashMap<>();

    static {
        // The JDK's server writes an answer's headers and body apart. Without TCP_NODELAY, Nagle's algorithm holds the
        // body back until the client's delayed ACK, 40 ms on Linux, on every call: a stall no workspace has, which
        // would hide lakebook's own latency. The JDK reads this once, when the first server of the JVM is made.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private record Route(ErrorStyle style, boolean authenticated, Handler handler) {
    }

    /**
     * Answers one call with full control of the HTTP exchange, for the few endpoints that do not speak JSON: the
     * browser-facing OAuth authorize redirect and the form-encoded token endpoint (reference §10.4).
     */
    @FunctionalInterface
    public interface RawHandler {
        void handle(HttpExchange exchange) throws IOException;
    }

    public ApiServer(int port, String token) {
        this.authenticator = new Authenticator(token);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new EmulatorException("Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + ". Choose another port, or 0 for any free one.", e);
        }
        executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    /** Serves {@code method path} with a handler that needs the bearer token. */
    public void route(String method, String path, ErrorStyle style, Handler handler) {
        routes.put(method + " " + path, new Route(style, true, handler));
    }

    /**
     * Serves every {@code method} path below {@code prefix} (which ends with {@code /}) that has no exact route, for
     * APIs with ids in the path such as {@code /api/2.0/sql/statements/{id}}; the handler reads {@link
     * ApiRequest#path()}. The longest matching prefix wins.
     */
    public void routePrefix(String method, String prefix, ErrorStyle style, Handler handler) {
        prefixRoutes.put(method + " " + prefix, new Route(style, true, handler));
    }

    /** Serves {@code method path} without asking for a token, as Databricks does for its discovery documents. */
    public void publicRoute(String method, String path, Handler handler) {
        routes.put(method + " " + path, new Route(ErrorStyle.STANDARD, false, handler));
    }

    /** Serves {@code method path} without a token and without the JSON framing: the handler writes the answer. */
    public void rawRoute(String method, String path, RawHandler handler) {
        rawRoutes.put(method + " " + path, handler);
    }

    /**
     * Accepts, besides the static token, every bearer token {@code check} approves: the OAuth access tokens the
     * emulator issued and that are not expired.
     */
    public void acceptTokens(Predicate<String> check) {
        authenticator.acceptAlso(check);
    }

    public void start() {
        server.start();
        LOG.info("Emulated Databricks workspace serving at http://127.0.0.1:{}", port());
    }

    /** What clients sent, for tests. */
    public RequestLog requestLog() {
        return requestLog;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        LOG.info("Emulated Databricks workspace on port {} stopped", port());
    }

    private void serve(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        RawHandler raw = rawRoutes.get(method + " " + path);
        if (raw != null) {
            serveRaw(exchange, method, path, raw);
            return;
        }
        Route route = find(method, path);
        ErrorStyle style = route == null ? ErrorStyle.STANDARD : route.style();
        try (exchange) {
            try {
                Object result = dispatch(exchange, method, path, route);
                send(exchange, 200, result == null ? Map.of() : result);
            } catch (ApiException e) {
                LOG.debug("{} {} -> {} {}", method, path, e.status(), e.getMessage());
                sendError(exchange, e, style);
            } catch (RuntimeException e) {
                LOG.error("{} {} failed inside the emulator", method, path, e);
                ApiException internal = new ApiException(500, "INTERNAL_ERROR", "Internal error: " + e);
                send(exchange, 500, style.body(internal));
            }
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away before the answer was sent", method, path, e);
        }
    }

    private void serveRaw(HttpExchange exchange, String method, String path, RawHandler handler) {
        requestLog.add(method, path, 0, null, "", exchange.getRequestHeaders().getFirst("User-Agent"));
        try (exchange) {
            handler.handle(exchange);
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away before the answer was sent", method, path, e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed inside the emulator", method, path, e);
        }
    }

    private Route find(String method, String path) {
        Route exact = routes.get(method + " " + path);
        if (exact != null) {
            return exact;
        }
        String key = method + " " + path;
        return prefixRoutes.entrySet().stream()
                .filter(entry -> key.startsWith(entry.getKey()) && key.length() > entry.getKey().length())
                .max(java.util.Comparator.comparingInt(entry -> entry.getKey().length()))
                .map(Map.Entry::getValue).orElse(null);
    }

    private Object dispatch(HttpExchange exchange, String method, String path, Route route) throws IOException {
        if (route == null ? path.startsWith("/api/") : route.authenticated()) {
            authenticator.check(exchange);
        }
        if (route == null) {
            // Databricks' wording for an unknown API path (⚠ unconfirmed, reference §13).
            throw new ApiException(404, "ENDPOINT_NOT_FOUND", "No API found for '" + method + " " + path + "'");
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        JsonNode body = parseBody(exchange, bytes);
        ApiRequest request = new ApiRequest(method, path, exchange.getRequestURI().getRawQuery(), body);
        // A GET names its context in the query (commands/status), a POST in the body: the log has it either way.
        requestLog.add(method, path, bytes.length, body, request.optional("contextId").orElse(""),
                exchange.getRequestHeaders().getFirst("User-Agent"));
        return route.handler().handle(request);
    }

    private static JsonNode parseBody(HttpExchange exchange, byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            return null;
        }
        LOG.debug("{} {} body: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                new String(bytes, StandardCharsets.UTF_8));
        try {
            JsonNode body = Json.MAPPER.readTree(bytes);
            if (body != null && !body.isObject()) {
                throw malformed();
            }
            return body;
        } catch (JsonProcessingException e) {
            throw malformed();
        }
    }

    private static ApiException malformed() {
        return new ApiException(400, "MALFORMED_REQUEST",
                "Invalid JSON given in the body of the request - expected a map");
    }

    private static void sendError(HttpExchange exchange, ApiException error, ErrorStyle style) throws IOException {
        if (error.errorCode() instanceof Integer) {
            // Authentication errors look the same on every API, with a numeric code; real workspaces also repeat
            // the message in a header (reference §1.3).
            exchange.getResponseHeaders().set("X-Databricks-Reason-Phrase", error.getMessage());
            send(exchange, error.status(), ErrorStyle.STANDARD.body(error));
        } else {
            send(exchange, error.status(), style.body(error));
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        LOG.debug("{} {} -> {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), status,
                new String(bytes, StandardCharsets.UTF_8));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "emulator-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
