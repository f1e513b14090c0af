package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Asks for earlier inputs: the last {@code n} ({@code tail}), a line range of a session ({@code range}) or those
 * matching a glob ({@code search}). See https://jupyter-client.readthedocs.io/en/stable/messaging.html#history
 */
public record ShellHistoryRequest(@JsonProperty("output") boolean output,
                                  @JsonProperty("raw") boolean raw,
                                  @JsonProperty("hist_access_type") String histAccessType,
                                  @JsonProperty("session") Integer session,
                                  @JsonProperty("start") Integer start,
                                  @JsonProperty("stop") Integer stop,
                                  @JsonProperty("n") Integer n,
                                  @JsonProperty("pattern") String pattern,
                                  @JsonProperty("unique") boolean unique) {
    public ShellHistoryRequest {
        histAccessType = histAccessType == null ? "tail" : histAccessType;
    }
}
