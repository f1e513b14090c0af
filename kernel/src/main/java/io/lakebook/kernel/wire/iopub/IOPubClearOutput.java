package io.lakebook.kernel.wire.iopub;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Clears the cell's output; with {@code wait} false at once.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#clear-output
 */
public record IOPubClearOutput(@JsonProperty("wait") boolean waitForNext) {
    public static final IOPubClearOutput NOW = new IOPubClearOutput(false);
}
