package io.lakebook.emulator.faults;

import java.util.Locale;
import java.util.Objects;

/**
 * Which calls a fault applies to: a method (or any) and a path prefix.
 *
 * @param method an HTTP method, or null for any
 * @param prefix the start of the path, such as {@code /api/1.2/commands/status}
 */
public record Calls(String method, String prefix) {

    public Calls {
        Objects.requireNonNull(prefix, "prefix");
        method = method == null ? null : method.toUpperCase(Locale.ROOT);
    }

    /** Every call below {@code /api/}: what lakebook's products send once signed in. */
    public static Calls api() {
        return new Calls(null, "/api/");
    }

    /** Every call, the sign-in and discovery endpoints included. */
    public static Calls all() {
        return new Calls(null, "/");
    }

    /** Calls with {@code method} to paths starting with {@code prefix}. */
    public static Calls to(String method, String prefix) {
        return new Calls(method, prefix);
    }

    boolean matches(String requestMethod, String path) {
        return (method == null || method.equalsIgnoreCase(requestMethod)) && path.startsWith(prefix);
    }

    @Override
    public String toString() {
        return (method == null ? "*" : method) + " " + prefix + "*";
    }
}
