package io.lakebook.kernel.wire.iopub;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Printed text on {@code stdout} or {@code stderr}. */
public record IOPubStream(@JsonProperty("name") String name, @JsonProperty("text") String text) {
    public static IOPubStream stdout(String text) {
        return new IOPubStream("stdout", text);
    }

    public static IOPubStream stderr(String text) {
        return new IOPubStream("stderr", text);
    }
}
