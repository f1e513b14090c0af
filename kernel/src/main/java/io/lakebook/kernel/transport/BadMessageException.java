package io.lakebook.kernel.transport;

/** A multipart message that breaks the wire protocol: no delimiter, too few frames, or a wrong signature. */
public class BadMessageException extends RuntimeException {
    public BadMessageException(String message) {
        super(message);
    }
}
