package io.lakebook.emulator.execution;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Command states with their exact wire spelling (reference §2.1). A different spelling would reach the SDK as null
 * and leave its waiter polling for twenty minutes (reference §1.5).
 */
public enum CommandStatus {
    QUEUED("Queued"), RUNNING("Running"), CANCELLING("Cancelling"), FINISHED("Finished"), CANCELLED("Cancelled"),
    ERROR("Error");

    private final String wire;

    CommandStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean isTerminal() {
        return this == FINISHED || this == CANCELLED || this == ERROR;
    }
}
