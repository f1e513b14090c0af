package io.lakebook.emulator.execution;

import com.fasterxml.jackson.annotation.JsonValue;

/** Context states with their exact wire spelling (reference §2.1). */
public enum ContextStatus {
    PENDING("Pending"), RUNNING("Running"), ERROR("Error");

    private final String wire;

    ContextStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
