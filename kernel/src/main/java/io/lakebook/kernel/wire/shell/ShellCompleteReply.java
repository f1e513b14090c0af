package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** Completions replacing the text between {@code cursor_start} and {@code cursor_end}. */
public record ShellCompleteReply(@JsonProperty("status") String status,
                                 @JsonProperty("matches") List<String> matches,
                                 @JsonProperty("cursor_start") int cursorStart,
                                 @JsonProperty("cursor_end") int cursorEnd,
                                 @JsonProperty("metadata") Map<String, Object> metadata) {
    public static ShellCompleteReply none(int cursor) {
        return new ShellCompleteReply("ok", List.of(), cursor, cursor, Map.of());
    }
}
