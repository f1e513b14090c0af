package io.lakebook.core.error;

/**
 * The root of lakebook's own failures. Its message is written for the person at the keyboard: what went wrong, what
 * was consulted and what to do next. It never carries a secret.
 */
public class LakebookException extends RuntimeException {
    public LakebookException(String message) {
        super(message);
    }

    public LakebookException(String message, Throwable cause) {
        super(message, cause);
    }
}
