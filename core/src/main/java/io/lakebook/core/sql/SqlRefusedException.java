package io.lakebook.core.sql;

import io.lakebook.core.error.LakebookException;

/** lakebook did not send a statement: it would write while writes were not allowed, or it cannot be read. */
public class SqlRefusedException extends LakebookException {
    public SqlRefusedException(String message) {
        super(message);
    }
}
