package io.lakebook.core.error;

/** The workspace did not answer, or shed every call, for longer than lakebook keeps trying. */
public class WorkspaceUnavailableException extends WorkspaceException {
    public WorkspaceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
