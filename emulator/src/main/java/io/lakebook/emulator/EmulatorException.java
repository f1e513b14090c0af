package io.lakebook.emulator;

/**
 * The root of the emulator's own failures: a bad configuration, a port that cannot be bound, a Python interpreter
 * that does not start. Its message says what went wrong and how to fix it; it never carries the token.
 */
public class EmulatorException extends RuntimeException {
    public EmulatorException(String message) {
        super(message);
    }

    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For answers that are expected outcomes, not faults: no stack trace is recorded. */
    protected EmulatorException(String message, boolean withStackTrace) {
        super(message, null, false, withStackTrace);
    }
}
