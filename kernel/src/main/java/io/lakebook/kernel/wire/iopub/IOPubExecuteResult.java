package io.lakebook.kernel.wire.iopub;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** The value of the cell's last expression, shown next to {@code Out[n]:}. */
public record IOPubExecuteResult(@JsonProperty("execution_count") int executionCount,
                                 @JsonProperty("data") Map<String, Object> data,
                                 @JsonProperty("metadata") Map<String, Object> metadata) {
}
