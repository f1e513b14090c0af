package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** Help for a name, as a MIME bundle, or {@code found: false}. */
public record ShellInspectReply(@JsonProperty("status") String status,
                                @JsonProperty("found") boolean found,
                                @JsonProperty("data") Map<String, Object> data,
                                @JsonProperty("metadata") Map<String, Object> metadata) {
    public static ShellInspectReply notFound() {
        return new ShellInspectReply("ok", false, Map.of(), Map.of());
    }
}
