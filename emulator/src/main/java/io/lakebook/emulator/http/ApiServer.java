package io.lakebook.emulator.http;

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
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the emulator: the JDK's server on 127.0.0.1, every API at the root of the origin because the SDK
 * drops any path from the host (reference §1.1). Calls below {@code /api/} need the bearer token; the few discovery
 * documents the SDK fetches before it authenticates (reference §1.2) do not.
 *
 * <p>Tests can make it misbehave ({@link #faults}, {@link #stopListening}): each call asks the fault source whether
 * to reject it, delay it, drop its connection, or cut or trickle its answer.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int THREADS = 8;
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    static {
        // The JDK's server sends the headers and the body of an answer as two packets; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK, about 40 ms on every call, which no workspace adds.
        // The server reads this once, when its first instance in the JVM is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, Route> prefixRoutes = new ConcurrentHashMap<>();
    private final Authenticator authenticator;
    private final ExecutorService executor;
    private final RequestLog requestLog = new RequestLog();
    private final int port;
    private volatile HttpServer server;
    private volatile HttpFault.Source faults = (method, path, query, body) -> Optional.empty();
    private boolean listening;

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
        executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server = listen(port);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) {
        HttpServer created;
        try {
            created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        } catch (IOException e) {
            throw new EmulatorException("Cannot listen on 127.0.0.1:" + onPort + ": " + e.getMessage()
                    + ". Choose another port, or 0 for any free one.", e);
        }
        created.setExecutor(executor);
        created.createContext("/", this::serve);
        return created;
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

    /**
     * Accepts the personal access tokens of the workspace's users: {@code users} gives the user name a token belongs
     * to. Calls with the static token or an OAuth token act as {@code owner}; {@link ApiRequest#caller()} tells.
     */
    public void acceptUserTokens(String owner, Function<String, Optional<String>> users) {
        authenticator.acceptUsers(owner, users);
    }

    /** While true, the static token is refused with 403 "Invalid access token." as an expired PAT is. */
    public void tokenExpired(boolean expired) {
        authenticator.tokenExpired(expired);
    }

    /** Where faults come from: consulted once per call, before anything else happens to it. */
    public void faults(HttpFault.Source source) {
        this.faults = source;
    }

    public synchronized void start() {
        server.start();
        listening = true;
        LOG.info("Emulated Databricks workspace serving at http://127.0.0.1:{}", port());
    }

    /**
     * Closes the listening socket and every open connection: until {@link #listenAgain}, a client's connect is
     * refused, as when a workspace's address stops answering.
     */
    public synchronized void stopListening() {
        if (listening) {
            listening = false;
            server.stop(0);
            LOG.info("Port {} closed: connections are refused", port);
        }
    }

    /** Listens on the same port again after {@link #stopListening}. */
    public synchronized void listenAgain() {
        if (!listening) {
            server = listen(port);
            server.start();
            listening = true;
            LOG.info("Port {} open again", port);
        }
    }

    /** What clients sent, for tests. */
    public RequestLog requestLog() {
        return requestLog;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (listening) {
            server.stop(0);
            listening = false;
        }
        executor.shutdownNow();
        LOG.info("Emulated Databricks workspace on port {} stopped", port());
    }

    private void serve(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        RawHandler raw = rawRoutes.get(method + " " + path);
        if (raw != null) {
            serveRaw(exchange, method, path, raw, faults.faultFor(method, path, query(exchange), null).orElse(null));
            return;
        }
        Route route = find(method, path);
        ErrorStyle style = route == null ? ErrorStyle.STANDARD : route.style();
        try (exchange) {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            HttpFault fault = faults.faultFor(method, path, query(exchange), quietly(bytes)).orElse(null);
            if (refuses(fault)) {
                requestLog.add(method, path, bytes.length, quietly(bytes), contextOf(bytes, exchange),
                        userAgent(exchange), fault.label(), false,
                        fault instanceof HttpFault.Reject reject ? reject.status() : 0);
                LOG.debug("{} {} -> fault: {}", method, path, fault.label());
                if (fault instanceof HttpFault.Reject reject) {
                    deliver(exchange, rejection(reject, style), null);
                }
                return;
            }
            if (fault instanceof HttpFault.Delay delay) {
                pause(delay.delay().toMillis());
            }
            Answer answer = answer(exchange, method, path, route, style, bytes);
            if (answer.logged()) {
                requestLog.add(method, path, bytes.length, quietly(bytes), contextOf(bytes, exchange),
                        userAgent(exchange), fault == null ? "" : fault.label(), true, answer.status());
            }
            deliver(exchange, answer, fault);
        } catch (IOException e) {
            LOG.debug("{} {}: the client went away before the answer was sent", method, path, e);
        }
    }

    /** A fault that stops the call before its handler: rejected, or its connection dropped on the way in. */
    private static boolean refuses(HttpFault fault) {
        return fault instanceof HttpFault.Reject || fault instanceof HttpFault.Drop drop && !drop.handled();
    }

    /** The handler's answer; calls refused before their route (no token, unknown path) are not logged. */
    private Answer answer(HttpExchange exchange, String method, String path, Route route, ErrorStyle style,
                          byte[] bytes) {
        boolean[] reached = {false};
        try {
            Object result = dispatch(exchange, method, path, route, bytes, reached);
            return new Answer(200, result == null ? Map.of() : result, Map.of(), true);
        } catch (ApiException e) {
            LOG.debug("{} {} -> {} {}", method, path, e.status(), e.getMessage());
            return error(e, style, reached[0]);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed inside the emulator", method, path, e);
            ApiException internal = new ApiException(500, "INTERNAL_ERROR", "Internal error: " + e);
            return new Answer(500, style.body(internal), Map.of(), reached[0]);
        }
    }

    private void serveRaw(HttpExchange exchange, String method, String path, RawHandler handler, HttpFault fault) {
        requestLog.add(method, path, 0, null, "", userAgent(exchange), fault == null ? "" : fault.label(),
                !refuses(fault), 0);
        try (exchange) {
            if (fault instanceof HttpFault.Reject reject) {
                deliver(exchange, rejection(reject, ErrorStyle.STANDARD), null);
                return;
            }
            if (refuses(fault)) {
                return;
            }
            if (fault instanceof HttpFault.Delay delay) {
                pause(delay.delay().toMillis());
            }
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

    private Object dispatch(HttpExchange exchange, String method, String path, Route route, byte[] bytes,
                            boolean[] reached) {
        String caller = "";
        if (route == null ? path.startsWith("/api/") : route.authenticated()) {
            caller = authenticator.check(exchange);
        }
        if (route == null) {
            // Databricks' wording for an unknown API path (⚠ unconfirmed, reference §13).
            throw new ApiException(404, "ENDPOINT_NOT_FOUND", "No API found for '" + method + " " + path + "'");
        }
        reached[0] = true;
        JsonNode body = parseBody(exchange, bytes);
        ApiRequest request = new ApiRequest(method, path, exchange.getRequestURI().getRawQuery(), body, caller);
        return route.handler().handle(request);
    }

    private static String query(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query == null ? "" : query;
    }

    /** The execution context a 1.2 call names: a POST in its body, a GET (commands/status) in its query. */
    private static String contextOf(byte[] bytes, HttpExchange exchange) {
        JsonNode body = quietly(bytes);
        if (body != null && body.hasNonNull("contextId")) {
            return body.path("contextId").asText("");
        }
        for (String pair : query(exchange).split("&")) {
            if (pair.startsWith("contextId=")) {
                return java.net.URLDecoder.decode(pair.substring("contextId=".length()), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static String userAgent(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("User-Agent");
    }

    /** The body as JSON for the request log, or null when it is not JSON. */
    private static JsonNode quietly(byte[] bytes) {
        try {
            return bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode parseBody(HttpExchange exchange, byte[] bytes) {
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
        } catch (IOException e) {
            throw malformed();
        }
    }

    private static ApiException malformed() {
        return new ApiException(400, "MALFORMED_REQUEST",
                "Invalid JSON given in the body of the request - expected a map");
    }

    /** An answer before it is sent: status, JSON body and extra headers. */
    private record Answer(int status, Object body, Map<String, String> headers, boolean logged) {
    }

    private static Answer error(ApiException error, ErrorStyle style, boolean logged) {
        if (error.errorCode() instanceof Integer) {
            // Authentication errors look the same on every API, with a numeric code; real workspaces also repeat
            // the message in a header (reference §1.3).
            return new Answer(error.status(), ErrorStyle.STANDARD.body(error),
                    Map.of("X-Databricks-Reason-Phrase", error.getMessage()), logged);
        }
        return new Answer(error.status(), style.body(error), Map.of(), logged);
    }

    private static Answer rejection(HttpFault.Reject reject, ErrorStyle style) {
        ApiException error = new ApiException(reject.status(), reject.errorCode(), reject.message());
        return new Answer(reject.status(), style.body(error), reject.retryAfter()
                .map(value -> Map.of("Retry-After", value)).orElse(Map.of()), false);
    }

    /** Sends the answer, or breaks it as {@code fault} says: dropped, cut halfway, or trickled. */
    private static void deliver(HttpExchange exchange, Answer answer, HttpFault fault) throws IOException {
        if (fault instanceof HttpFault.Drop) {
            LOG.debug("{} {}: answer dropped", exchange.getRequestMethod(), exchange.getRequestURI().getPath());
            return;
        }
        byte[] bytes = Json.MAPPER.writeValueAsBytes(answer.body());
        LOG.debug("{} {} -> {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), answer.status(),
                new String(bytes, StandardCharsets.UTF_8));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        OutputStream out = exchange.getResponseBody();
        if (fault instanceof HttpFault.Cut) {
            // The full length was announced; half arrives, then the connection closes with the exchange.
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            return;
        }
        if (fault instanceof HttpFault.Trickle trickle) {
            trickle(out, bytes, trickle.duration());
        } else {
            out.write(bytes);
        }
        out.close();
    }

    private static void trickle(OutputStream out, byte[] bytes, Duration duration) throws IOException {
        int pieces = Math.max(1, Math.min(bytes.length, 20));
        int size = (bytes.length + pieces - 1) / pieces;
        for (int offset = 0; offset < bytes.length; offset += size) {
            out.write(bytes, offset, Math.min(size, bytes.length - offset));
            out.flush();
            pause(duration.toMillis() / pieces);
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
