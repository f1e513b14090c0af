package io.lakebook.emulator.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An OAuth 2.0 error (RFC 6749 §5.2), as the token endpoint sends it in a 400 body and the authorize endpoint puts it
 * in the redirect's query (reference §10.4: {@code {"error","error_description"}}).
 */
public final class OAuthError extends RuntimeException {
    private final String error;

    public OAuthError(String error, String description) {
        super(description, null, false, false);
        this.error = error;
    }

    static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description);
    }

    static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description);
    }

    public String error() {
        return error;
    }

    /** The wire body of the token endpoint's error answer. */
    public Body body() {
        return new Body(error, getMessage());
    }

    /** The JSON the token endpoint sends. */
    public record Body(@JsonProperty("error") String error,
                       @JsonProperty("error_description") String errorDescription) {
    }
}
