package io.lakebook.contract;

import java.util.Objects;
import java.util.concurrent.Callable;

/** Assertions that end a check with {@link Differed}, saying what the reference expects and what came instead. */
public final class Expect {

    private Expect() {
    }

    public static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new Differed(what + ": expected " + show(expected) + ", got " + show(actual));
        }
    }

    public static void that(boolean condition, String what) {
        if (!condition) {
            throw new Differed(what);
        }
    }

    public static <T> T present(T value, String what) {
        if (value == null) {
            throw new Differed(what + ": missing");
        }
        return value;
    }

    /** Runs {@code call}, which must fail with {@code type}; returns that failure. */
    public static <E extends Throwable> E fails(Class<E> type, Callable<?> call, String what) {
        Object result;
        try {
            result = call.call();
        } catch (Throwable e) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            throw new Differed(what + ": expected " + type.getSimpleName() + ", got " + e.getClass().getSimpleName()
                    + ": " + e.getMessage());
        }
        throw new Differed(what + ": expected " + type.getSimpleName() + ", but the call succeeded" + (result == null
                ? "" : " with " + show(result)));
    }

    static String show(Object value) {
        if (value instanceof String text) {
            String cut = text.length() > 300 ? text.substring(0, 300) + "…" : text;
            return "\"" + cut.replace("\n", "\\n") + "\"";
        }
        return String.valueOf(value);
    }
}
