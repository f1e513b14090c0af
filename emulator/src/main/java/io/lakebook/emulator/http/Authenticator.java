package io.lakebook.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Checks the bearer token every {@code /api} call must carry and says who made the call: the static token and the
 * emulator's OAuth access tokens act as the workspace's own user, a user's personal access token as that user. The
 * token itself never leaves this class.
 */
final class Authenticator {
    private static final String BEARER = "Bearer ";

    private final byte[] token;
    private volatile Predicate<String> alsoAccepted = offered -> false;
    private volatile Function<String, Optional<String>> userTokens = offered -> Optional.empty();
    private volatile String owner = "";
    private volatile boolean tokenExpired;

    Authenticator(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    void acceptAlso(Predicate<String> check) {
        this.alsoAccepted = check;
    }

    void acceptUsers(String ownerName, Function<String, Optional<String>> users) {
        this.owner = ownerName;
        this.userTokens = users;
    }

    /** While true, the static token is refused as a workspace refuses an expired or revoked PAT. */
    void tokenExpired(boolean expired) {
        this.tokenExpired = expired;
    }

    /** The user name the call acts as, or the refusal a workspace answers. */
    String check(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            // Unconfirmed (reference §13): a workspace answers a request without credentials with 401; the wording
            // is the one seen in public client code that handles that answer, the envelope mirrors the 403 below.
            throw new ApiException(401, 401, "Credential was not sent or was of an unsupported type for this API.");
        }
        String offered = header.substring(BEARER.length()).trim();
        boolean staticToken = !tokenExpired && MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), token);
        if (staticToken || alsoAccepted.test(offered)) {
            return owner;
        }
        // reference §1.3: a real workspace answers 403 with a *numeric* error_code for a bad or expired PAT; an
        // expired OAuth access token gets the same answer here (unconfirmed for OAuth).
        return userTokens.apply(offered).orElseThrow(() -> new ApiException(403, 403, "Invalid access token."));
    }
}
