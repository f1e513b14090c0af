package io.lakebook.kernel.wire.control;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Sent at once, before the interrupted cell has ended. */
public record ControlInterruptReply(@JsonProperty("status") String status) {
    public static ControlInterruptReply ok() {
        return new ControlInterruptReply("ok");
    }
}
