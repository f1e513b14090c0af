package io.lakebook.emulator.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The token endpoint's answer (reference §10.4): the SDK reads {@code access_token}, {@code token_type},
 * {@code expires_in} and {@code refresh_token}.
 */
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("scope") String scope) {

    @Override
    public String toString() {
        return "TokenResponse[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
