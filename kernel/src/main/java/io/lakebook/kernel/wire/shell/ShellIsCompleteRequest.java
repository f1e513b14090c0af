package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Asks whether a console should run the code now or wait for another line.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#code-completeness
 */
public record ShellIsCompleteRequest(@JsonProperty("code") String code) {
    public ShellIsCompleteRequest {
        Objects.requireNonNull(code, "is_complete_request without code");
    }
}
