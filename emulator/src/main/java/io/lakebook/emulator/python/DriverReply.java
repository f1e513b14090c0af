package io.lakebook.emulator.python;

import io.lakebook.emulator.execution.CommandResults;

import java.util.List;
import java.util.Map;

/**
 * One line from the Python driver: {@code ready} once it can run commands, then {@code done} per command with
 * {@code status} "finished" or "cancelled" and the results in wire shape; in between, {@code sql} lines when the
 * command calls {@code spark.sql(query, args)}.
 */
public record DriverReply(String type, String id, String status, CommandResults results, Long pid, String python,
                          String query, List<Map<String, Object>> args) {

    public boolean cancelled() {
        return "cancelled".equals(status);
    }
}
