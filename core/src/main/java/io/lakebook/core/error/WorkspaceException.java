package io.lakebook.core.error;

/** The workspace refused a call or could not be reached: a wrong token, a missing permission, a network failure. */
public class WorkspaceException extends LakebookException {
    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }

    public WorkspaceException(String message) {
        super(message);
    }
}
