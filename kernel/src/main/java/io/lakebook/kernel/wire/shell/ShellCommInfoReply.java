package io.lakebook.kernel.wire.shell;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** The open comms by id; lakebook opens none, since widgets cannot reach a remote cluster's Python. */
public record ShellCommInfoReply(@JsonProperty("status") String status,
                                 @JsonProperty("comms") Map<String, Object> comms) {
    public static ShellCommInfoReply none() {
        return new ShellCommInfoReply("ok", Map.of());
    }
}
