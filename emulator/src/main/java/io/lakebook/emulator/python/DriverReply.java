package io.lakebook.emulator.python;

import io.lakebook.emulator.execution.CommandResults;

/**
 * One line from the Python driver: {@code ready} once it can run commands, then {@code done} per command with
 * {@code status} "finished" or "cancelled" and the results in wire shape.
 */
public record DriverReply(String type, String id, String status, CommandResults results, Long pid, String python) {

    public boolean cancelled() {
        return "cancelled".equals(status);
    }
}
