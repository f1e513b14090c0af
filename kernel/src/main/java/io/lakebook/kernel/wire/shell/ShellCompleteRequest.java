package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Tab completion at a cursor. See https://jupyter-client.readthedocs.io/en/stable/messaging.html#completion */
public record ShellCompleteRequest(@JsonProperty("code") String code, @JsonProperty("cursor_pos") Integer cursorPos) {
    public ShellCompleteRequest {
        code = code == null ? "" : code;
        cursorPos = cursorPos == null ? code.length() : cursorPos;
    }
}
