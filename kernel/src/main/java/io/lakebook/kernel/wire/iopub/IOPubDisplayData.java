package io.lakebook.kernel.wire.iopub;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * A rich output as a MIME bundle. A {@code transient.display_id} lets later {@code update_display_data} messages
 * replace it and is not saved in the notebook.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#display-data
 */
public record IOPubDisplayData(@JsonProperty("data") Map<String, Object> data,
                               @JsonProperty("metadata") Map<String, Object> metadata,
                               @JsonProperty("transient") Map<String, Object> transientData) {
    public IOPubDisplayData {
        metadata = metadata == null ? Map.of() : metadata;
        transientData = transientData == null ? Map.of() : transientData;
    }

    public static IOPubDisplayData of(Map<String, Object> data) {
        return new IOPubDisplayData(data, Map.of(), Map.of());
    }
}
