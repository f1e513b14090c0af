package io.lakebook.installer.login;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The page on this machine the workspace sends the browser back to after the user approves the login: it listens on
 * the redirect URL's host and port, takes the first callback's {@code code} and {@code state} (or {@code error}) and
 * tells the user in the browser that the terminal carries on. It does not talk to Databricks.
 */
final class LoopbackCallback implements AutoCloseable {
    private final HttpServer server;
    private final CompletableFuture<Map<String, String>> parameters = new CompletableFuture<>();

    private LoopbackCallback(HttpServer server, String path) {
        this.server = server;
        server.createContext(path.isEmpty() ? "/" : path, this::receive);
        server.start();
    }

    /** Starts listening before the browser is sent off, so an instant approval cannot arrive too early. */
    static LoopbackCallback listen(String redirectUrl, String profile) {
        URI uri = URI.create(redirectUrl);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(uri.getHost(), uri.getPort()), 0);
            return new LoopbackCallback(server, uri.getPath() == null ? "" : uri.getPath());
        } catch (BindException e) {
            throw new LoginException("Port " + uri.getPort() + " on " + uri.getHost() + " is taken, and the sign-in "
                    + "needs it for the browser's way back (" + redirectUrl + "). Stop what uses it, or add "
                    + "`redirect_url = http://localhost:<free port>/callback` to profile [" + profile + "].", e);
        } catch (IOException e) {
            throw new LoginException("Cannot listen on " + redirectUrl + " for the sign-in: " + e.getMessage(), e);
        }
    }

    /** The callback's query parameters, once the browser arrives. */
    Map<String, String> await(Duration timeout) {
        try {
            return parameters.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LoginException("No answer from the browser within " + timeout.toMinutes() + " minutes. Run the "
                    + "login again and open the URL it prints.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("The login was interrupted before the browser came back.", e);
        } catch (ExecutionException e) {
            throw new LoginException("The browser's answer could not be read: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
            if (!query.containsKey("code") && !query.containsKey("error")) {
                // Browsers also ask for /favicon.ico and the like; only the real callback completes the login.
                respond(exchange, 404, "Not the sign-in callback.");
                return;
            }
            boolean ok = query.containsKey("code");
            respond(exchange, ok ? 200 : 400, ok ? "lakebook is signed in. You can close this tab."
                    : "The sign-in was refused: " + query.get("error") + ". The terminal says what to do next.");
            parameters.complete(query);
        }
    }

    private static void respond(HttpExchange exchange, int status, String message) throws IOException {
        String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>lakebook</title></head>"
                + "<body><p>" + message.replace("&", "&amp;").replace("<", "&lt;") + "</p></body></html>";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                result.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return result;
    }
}
