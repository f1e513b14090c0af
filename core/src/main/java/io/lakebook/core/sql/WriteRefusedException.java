package io.lakebook.core.sql;

/** A statement that may change the workspace was not sent, because writes were not allowed for the call. */
public final class WriteRefusedException extends SqlRefusedException {

    private final StatementClassifier.Statement statement;

    public WriteRefusedException(StatementClassifier.Statement statement) {
        super("Refused: " + statement.verb() + " (line " + statement.line() + ") may change data or objects in the "
                + "workspace, and writes were not allowed. Nothing was sent to the warehouse.");
        this.statement = statement;
    }

    public StatementClassifier.Statement statement() {
        return statement;
    }
}
