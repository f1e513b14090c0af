package io.lakebook.guard.budget;

import io.lakebook.core.error.LakebookException;

/** The budgets file cannot be used; the message names the file, the line and what to change. */
public final class BudgetFileException extends LakebookException {
    private final int line;

    public BudgetFileException(String file, int line, String reason) {
        super(file + (line > 0 ? " line " + line : "") + ": " + reason);
        this.line = line;
    }

    /** The 1-based line the problem is on; 0 when it concerns the file as a whole. */
    public int line() {
        return line;
    }
}
