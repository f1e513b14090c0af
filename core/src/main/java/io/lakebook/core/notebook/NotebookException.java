package io.lakebook.core.notebook;

import io.lakebook.core.error.LakebookException;

/** A notebook cannot be read or changed as asked: it is not valid, a cell is missing, an edit does not apply. */
public class NotebookException extends LakebookException {
    public NotebookException(String message) {
        super(message);
    }

    public NotebookException(String message, Throwable cause) {
        super(message, cause);
    }
}
