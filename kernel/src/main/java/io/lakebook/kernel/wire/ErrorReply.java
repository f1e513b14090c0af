package io.lakebook.kernel.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A {@code *_reply} with status {@code error}, for a request the kernel does not handle or could not handle, so the
 * front end stops waiting instead of hanging.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#request-reply
 */
public record ErrorReply(@JsonProperty("status") String status,
                         @JsonProperty("ename") String ename,
                         @JsonProperty("evalue") String evalue,
                         @JsonProperty("traceback") List<String> traceback) {

    public static ErrorReply unsupported(String requestType) {
        return new ErrorReply("error", "UnsupportedRequest",
                "The Databricks kernel does not handle " + requestType + ".", List.of());
    }

    public static ErrorReply failed(String requestType, RuntimeException cause) {
        return new ErrorReply("error", "KernelError",
                "The Databricks kernel failed on " + requestType + ": " + cause.getClass().getSimpleName(), List.of());
    }
}
