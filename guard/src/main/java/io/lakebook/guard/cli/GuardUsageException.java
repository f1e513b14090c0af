package io.lakebook.guard.cli;

/** The command line asks for something the guard cannot do as written; the message says what to write. */
public final class GuardUsageException extends IllegalArgumentException {
    public GuardUsageException(String message) {
        super(message);
    }
}
