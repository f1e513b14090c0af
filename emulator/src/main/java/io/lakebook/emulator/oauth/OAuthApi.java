package io.lakebook.emulator.oauth;

import com.sun.net.httpserver.HttpExchange;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OAuth U2M sign-in as a workspace offers it to the Databricks CLI and databricks-sdk-java (reference §10.4, §10.5):
 * the browser's authorize request with PKCE, answered with a redirect to the client's loopback callback, and the
 * token endpoint for the {@code authorization_code} and {@code refresh_token} grants. The discovery document naming
 * these two endpoints is served by the identity API. The browser is taken to be signed in as the workspace's user
 * already, so the consent page approves at once.
 */
public final class OAuthApi {
    public static final String AUTHORIZE_PATH = "/oidc/v1/authorize";
    public static final String TOKEN_PATH = "/oidc/v1/token";

    private final OAuthTokens tokens;

    public OAuthApi(OAuthTokens tokens) {
        this.tokens = tokens;
    }

    public void register(ApiServer server) {
        server.rawRoute("GET", AUTHORIZE_PATH, this::authorize);
        server.rawRoute("POST", TOKEN_PATH, this::token);
        server.acceptTokens(tokens::isValid);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parseForm(exchange.getRequestURI().getRawQuery());
        Optional<String> redirect = loopbackRedirect(query.get("redirect_uri"));
        if (redirect.isEmpty() || blank(query.get("client_id"))) {
            // With no trustworthy place to send the browser, the error is shown to the user (RFC 6749 §4.1.2.1).
            sendText(exchange, 400, "Invalid authorization request: client_id and a loopback redirect_uri "
                    + "(http://localhost:PORT or http://127.0.0.1:PORT) are required.");
            return;
        }
        Map<String, String> answer = new LinkedHashMap<>();
        try {
            checkAuthorizeRequest(query);
            answer.put("code", tokens.authorize(query.get("client_id"), redirect.get(),
                    query.getOrDefault("scope", ""), query.get("code_challenge")));
        } catch (OAuthError e) {
            answer.put("error", e.error());
            answer.put("error_description", e.getMessage());
        }
        if (query.containsKey("state")) {
            answer.put("state", query.get("state"));
        }
        // reference §10.4: the workspace redirects to redirect_uri with code and state (302 as an IdP does).
        String separator = redirect.get().contains("?") ? "&" : "?";
        exchange.getResponseHeaders().set("Location", redirect.get() + separator + encodeForm(answer));
        exchange.sendResponseHeaders(302, -1);
    }

    private static void checkAuthorizeRequest(Map<String, String> query) {
        if (!"code".equals(query.get("response_type"))) {
            throw new OAuthError("unsupported_response_type", "response_type must be code");
        }
        if (blank(query.get("code_challenge")) || !Pkce.S256.equals(query.get("code_challenge_method"))) {
            throw OAuthError.invalidRequest("PKCE is required: send code_challenge with code_challenge_method=S256");
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form;
        try (InputStream in = exchange.getRequestBody()) {
            form = parseForm(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try {
            sendJson(exchange, 200, grant(form));
        } catch (OAuthError e) {
            sendJson(exchange, 400, e.body());
        }
    }

    private TokenResponse grant(Map<String, String> form) {
        String grantType = form.getOrDefault("grant_type", "");
        return switch (grantType) {
            case "authorization_code" -> tokens.exchangeCode(required(form, "code"), required(form, "code_verifier"),
                    required(form, "redirect_uri"), required(form, "client_id"));
            case "refresh_token" -> tokens.refresh(required(form, "refresh_token"), required(form, "client_id"));
            default -> throw new OAuthError("unsupported_grant_type",
                    "grant_type must be authorization_code or refresh_token, got '" + grantType + "'");
        };
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (blank(value)) {
            throw OAuthError.invalidRequest("Missing required parameter: " + name);
        }
        return value;
    }

    /** Databricks' public client apps redirect only to the machine the browser runs on. */
    private static Optional<String> loopbackRedirect(String value) {
        if (blank(value)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            boolean loopback = "http".equals(uri.getScheme())
                    && ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
            return loopback ? Optional.of(value) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static Map<String, String> parseForm(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            result.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return result;
    }

    private static String encodeForm(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((key, value) -> out.append(out.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
