package io.lakebook.goose.tool;

import io.lakebook.core.error.LakebookException;

/** A tool call that cannot be done as asked; its message goes back to the model as an {@code isError} result. */
public final class ToolFailure extends LakebookException {
    public ToolFailure(String message) {
        super(message);
    }
}
