package io.lakebook.kernel.wire.iopub;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The exception that ended a cell; front ends show the traceback lines, ANSI colours included. */
public record IOPubError(@JsonProperty("ename") String ename,
                         @JsonProperty("evalue") String evalue,
                         @JsonProperty("traceback") List<String> traceback) {
}
