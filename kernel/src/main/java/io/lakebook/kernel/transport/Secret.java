package io.lakebook.kernel.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A secret value, such as the connection file's HMAC key. Its {@code toString} masks the value so that a log line or
 * an exception message that prints it by accident does not leak it.
 */
public final class Secret {
    private final byte[] value;

    private Secret(byte[] value) {
        this.value = value.clone();
    }

    public static Secret of(String value) {
        return new Secret(value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /** A copy of the bytes, for the one place that needs them: the HMAC. */
    byte[] bytes() {
        return value.clone();
    }

    @Override
    public String toString() {
        return isEmpty() ? "<empty>" : "****";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && Arrays.equals(value, secret.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
