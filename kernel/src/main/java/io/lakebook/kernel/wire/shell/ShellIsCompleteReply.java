package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code complete}, {@code incomplete} (with the indent of the next line), {@code invalid} or {@code unknown}. */
public record ShellIsCompleteReply(@JsonProperty("status") String status, @JsonProperty("indent") String indent) {
    public static ShellIsCompleteReply complete() {
        return new ShellIsCompleteReply("complete", null);
    }

    public static ShellIsCompleteReply incomplete(String indent) {
        return new ShellIsCompleteReply("incomplete", indent);
    }

    public static ShellIsCompleteReply invalid() {
        return new ShellIsCompleteReply("invalid", null);
    }
}
