package io.lakebook.emulator.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Proof Key for Code Exchange, method S256 only (RFC 7636 §4.2), as Databricks' clients use it (reference §10.5). */
final class Pkce {
    static final String S256 = "S256";

    private Pkce() {
    }

    /** Whether {@code verifier} hashes to {@code challenge}: BASE64URL(SHA-256(ASCII(verifier))) without padding. */
    static boolean matches(String verifier, String challenge) {
        byte[] expected = challengeOf(verifier).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, challenge.getBytes(StandardCharsets.US_ASCII));
    }

    static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
