package io.lakebook.emulator.oauth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulator's authorization server state: authorization codes waiting to be exchanged, the access tokens it issued
 * with their expiry, and the refresh tokens that may renew them. Tests force an expired login with
 * {@link #expireAccessTokens()} and a lost one with {@link #revokeRefreshTokens()}. Thread-safe.
 */
public final class OAuthTokens {
    /** How long an authorization code may wait for its exchange; a browser round trip takes seconds. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration accessTokenLifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final List<String> grantTypes = new ArrayList<>();

    private record PendingCode(String clientId, String redirectUri, String scope, String challenge, Instant until) {
    }

    private record Grant(String clientId, String scope) {
    }

    public OAuthTokens(Clock clock, Duration accessTokenLifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accessTokenLifetime = Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
    }

    /** Records an approved authorization request and returns the one-time code the browser carries back. */
    String authorize(String clientId, String redirectUri, String scope, String challenge) {
        String code = randomToken();
        codes.put(code, new PendingCode(clientId, redirectUri, scope, challenge, clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** The {@code authorization_code} grant: the code is spent whatever the outcome, as RFC 6749 §4.1.2 asks. */
    TokenResponse exchangeCode(String code, String verifier, String redirectUri, String clientId) {
        PendingCode pending = codes.remove(code);
        if (pending == null || clock.instant().isAfter(pending.until())) {
            throw OAuthError.invalidGrant("Authorization code is invalid or expired");
        }
        if (!pending.clientId().equals(clientId) || !pending.redirectUri().equals(redirectUri)) {
            throw OAuthError.invalidGrant("client_id or redirect_uri differs from the authorization request");
        }
        if (!Pkce.matches(verifier, pending.challenge())) {
            throw OAuthError.invalidGrant("PKCE verification failed: code_verifier does not match code_challenge");
        }
        return issue("authorization_code", new Grant(clientId, pending.scope()), randomToken());
    }

    /** The {@code refresh_token} grant; the refresh token stays valid until revoked. */
    TokenResponse refresh(String refreshToken, String clientId) {
        Grant grant = refreshTokens.get(refreshToken);
        if (grant == null) {
            // reference §10.4: the Go SDK recognises this exact description as "log in again".
            throw OAuthError.invalidGrant("Refresh token is invalid");
        }
        if (!grant.clientId().equals(clientId)) {
            throw OAuthError.invalidGrant("The refresh token was issued to another client");
        }
        return issue("refresh_token", grant, refreshToken);
    }

    /** Whether {@code accessToken} was issued here and has not expired. */
    public boolean isValid(String accessToken) {
        Instant until = accessTokens.get(accessToken);
        return until != null && clock.instant().isBefore(until);
    }

    /** Expires every access token issued so far; the next API call with one of them is refused. */
    public void expireAccessTokens() {
        accessTokens.clear();
    }

    /** Revokes every refresh token, so only a new browser sign-in gets a token again. */
    public void revokeRefreshTokens() {
        refreshTokens.clear();
    }

    /** The grant types that produced tokens, oldest first: {@code authorization_code}, {@code refresh_token}. */
    public synchronized List<String> grantTypes() {
        return List.copyOf(grantTypes);
    }

    private TokenResponse issue(String grantType, Grant grant, String refreshToken) {
        String accessToken = randomToken();
        accessTokens.put(accessToken, clock.instant().plus(accessTokenLifetime));
        refreshTokens.put(refreshToken, grant);
        synchronized (this) {
            grantTypes.add(grantType);
        }
        return new TokenResponse(accessToken, "Bearer", accessTokenLifetime.toSeconds(), refreshToken, grant.scope());
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
