package io.lakebook.kernel.wire.control;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Echoes {@code restart}. */
public record ControlShutdownReply(@JsonProperty("status") String status, @JsonProperty("restart") boolean restart) {
    public static ControlShutdownReply ok(boolean restart) {
        return new ControlShutdownReply("ok", restart);
    }
}
