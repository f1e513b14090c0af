package io.lakebook.core.error;

/** The cluster cannot run code: it is in ERROR, was deleted, or did not start in time. */
public class ClusterUnavailableException extends LakebookException {
    public ClusterUnavailableException(String message) {
        super(message);
    }

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
