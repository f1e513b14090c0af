package io.lakebook.kernel.wire.iopub;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * Replaces the display with the same {@code transient.display_id}.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#update-display-data
 */
public record IOPubUpdateDisplayData(@JsonProperty("data") Map<String, Object> data,
                                     @JsonProperty("metadata") Map<String, Object> metadata,
                                     @JsonProperty("transient") Map<String, Object> transientData) {
}
