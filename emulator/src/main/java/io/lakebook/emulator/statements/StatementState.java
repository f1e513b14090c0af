package io.lakebook.emulator.statements;

/** reference §6.2: {@code status.state}, with one L in CANCELED. */
public enum StatementState {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED, CLOSED;

    boolean terminal() {
        return this != PENDING && this != RUNNING;
    }
}
