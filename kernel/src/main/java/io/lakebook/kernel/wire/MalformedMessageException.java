package io.lakebook.kernel.wire;

/** A correctly signed message whose JSON cannot be read: a broken header or content of the wrong shape. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
