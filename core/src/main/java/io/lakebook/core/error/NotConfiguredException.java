package io.lakebook.core.error;

/** A setting lakebook needs (host, credentials, cluster) is missing or unusable. */
public class NotConfiguredException extends LakebookException {
    public NotConfiguredException(String message) {
        super(message);
    }

    public NotConfiguredException(String message, Throwable cause) {
        super(message, cause);
    }
}
