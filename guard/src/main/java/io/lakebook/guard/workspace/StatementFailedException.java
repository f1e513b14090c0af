package io.lakebook.guard.workspace;

import io.lakebook.core.error.WorkspaceException;

/** The warehouse ran a statement of the guard's and reported that it failed. */
public final class StatementFailedException extends WorkspaceException {
    private final String reason;

    public StatementFailedException(String statement, String reason) {
        super("The warehouse could not run `" + statement + "`: " + reason);
        this.reason = reason;
    }

    /** The warehouse's message. */
    public String reason() {
        return reason;
    }

    /** Whether the statement failed because a table it reads does not exist (yet). */
    public boolean tableMissing() {
        return reason.contains("TABLE_OR_VIEW_NOT_FOUND") || reason.contains("SCHEMA_NOT_FOUND");
    }
}
