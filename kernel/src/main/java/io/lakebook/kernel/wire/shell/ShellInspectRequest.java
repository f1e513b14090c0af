package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Shift-Tab help on the name at a cursor.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#introspection
 */
public record ShellInspectRequest(@JsonProperty("code") String code,
                                  @JsonProperty("cursor_pos") Integer cursorPos,
                                  @JsonProperty("detail_level") Integer detailLevel) {
    public ShellInspectRequest {
        code = code == null ? "" : code;
    }
}
