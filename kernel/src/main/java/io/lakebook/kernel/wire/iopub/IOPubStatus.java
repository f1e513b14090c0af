package io.lakebook.kernel.wire.iopub;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code busy} when the kernel takes a request, {@code idle} when it is done with it, {@code starting} once at launch.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#kernel-status
 */
public record IOPubStatus(@JsonProperty("execution_state") String executionState) {
    public static final IOPubStatus BUSY = new IOPubStatus("busy");
    public static final IOPubStatus IDLE = new IOPubStatus("idle");
    public static final IOPubStatus STARTING = new IOPubStatus("starting");
}
