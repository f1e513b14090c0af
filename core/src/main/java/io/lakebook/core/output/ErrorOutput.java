package io.lakebook.core.output;

import java.util.List;
import java.util.Objects;

/**
 * A failure the user should see in place of the cell's result: the exception's own name and message, and the
 * traceback lines as the workspace sent them (ANSI colours kept, since Jupyter renders them).
 */
public record ErrorOutput(String name, String message, List<String> traceback) implements Output {
    public ErrorOutput {
        Objects.requireNonNull(name, "name");
        message = message == null ? "" : message;
        traceback = List.copyOf(traceback);
    }
}
