package io.lakebook.emulator.sql;

import io.lakebook.emulator.EmulatorException;

/** The running statement was stopped by {@link SqlSession#cancel()}. */
public final class SqlCancelled extends EmulatorException {
    public SqlCancelled() {
        super("The statement was cancelled", false);
    }
}
