package io.lakebook.guard.notify;

/** A notice was not accepted; it is sent again by the next run. */
public final class NotifyException extends Exception {
    public NotifyException(String message, Throwable cause) {
        super(message, cause);
    }

    public NotifyException(String message) {
        super(message);
    }
}
