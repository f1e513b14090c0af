package io.lakebook.core.sync;

import io.lakebook.core.error.LakebookException;

/**
 * The project's files could not be brought up to date on the cluster. The cell that needed them does not run, and
 * nothing local is changed: the message says what went wrong and what to do.
 */
public class SyncException extends LakebookException {
    public SyncException(String message) {
        super(message);
    }

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
