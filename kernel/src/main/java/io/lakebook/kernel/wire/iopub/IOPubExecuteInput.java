package io.lakebook.kernel.wire.iopub;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Re-broadcasts the code being run, so every front end attached to the kernel sees it. */
public record IOPubExecuteInput(@JsonProperty("code") String code,
                                @JsonProperty("execution_count") int executionCount) {
}
