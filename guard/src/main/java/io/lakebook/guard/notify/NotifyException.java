package io.lakebook.guard.notify;

/** A notice was not accepted; the guard records it and sends it again at the next run. */
public final class NotifyException extends Exception {
    public NotifyException(String message, Throwable cause) {
        super(message, cause);
    }

    public NotifyException(String message) {
        super(message);
    }
}
