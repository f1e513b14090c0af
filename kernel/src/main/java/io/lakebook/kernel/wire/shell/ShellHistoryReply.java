package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * History entries as {@code [session, line, input]}, or {@code [session, line, [input, output]]} when output was
 * asked for; each entry is a JSON array, hence the list of lists.
 */
public record ShellHistoryReply(@JsonProperty("status") String status,
                                @JsonProperty("history") List<List<Object>> history) {
    public static ShellHistoryReply of(List<List<Object>> history) {
        return new ShellHistoryReply("ok", history);
    }
}
