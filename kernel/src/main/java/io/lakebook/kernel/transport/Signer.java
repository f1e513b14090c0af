package io.lakebook.kernel.transport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Signs and checks messages: the hex HMAC of header, parent header, metadata and content, in that order. An empty key
 * turns signing off, as the spec allows.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
public final class Signer {
    private static final byte[] NO_SIGNATURE = new byte[0];

    private final String algorithm;
    private final Secret key;

    public Signer(String signatureScheme, Secret key) {
        this.algorithm = javaAlgorithm(signatureScheme);
        this.key = key;
        if (!key.isEmpty()) {
            newMac();
        }
    }

    public byte[] sign(List<byte[]> parts) {
        if (key.isEmpty()) {
            return NO_SIGNATURE;
        }
        Mac mac = newMac();
        parts.forEach(mac::update);
        return HexFormat.of().formatHex(mac.doFinal()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Compares in constant time, so that the time to reject a forgery says nothing about the right signature. */
    public boolean verify(List<byte[]> parts, byte[] signature) {
        if (key.isEmpty()) {
            return true;
        }
        return MessageDigest.isEqual(sign(parts), signature);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.bytes(), algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The signature scheme " + algorithm + " is not available here", e);
        }
    }

    /** {@code hmac-sha256} becomes {@code HmacSHA256}. */
    private static String javaAlgorithm(String scheme) {
        if (!scheme.startsWith("hmac-")) {
            throw new InvalidConnectionFileException("The signature scheme \"" + scheme + "\" is not supported; "
                    + "Jupyter uses hmac-sha256.");
        }
        return "Hmac" + scheme.substring("hmac-".length()).toUpperCase(java.util.Locale.ROOT);
    }
}
