package io.lakebook.kernel.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A message header. Replies and publications carry their request's header as {@code parent_header}, which is how a
 * front end knows which cell an output belongs to.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#message-header
 */
public record Header(@JsonProperty("msg_id") String msgId,
                     @JsonProperty("session") String session,
                     @JsonProperty("username") String username,
                     @JsonProperty("date") String date,
                     @JsonProperty("msg_type") String msgType,
                     @JsonProperty("version") String version) {

    /** The protocol version this kernel speaks. */
    public static final String PROTOCOL_VERSION = "5.3";

    public Header {
        if (msgId == null || msgType == null) {
            throw new IllegalArgumentException("a header needs msg_id and msg_type");
        }
    }
}
