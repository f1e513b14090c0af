package io.lakebook.core.remote;

import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;

import java.util.List;
import java.util.Optional;

/** The end of one command: how it ended and what it produced, in order. */
public record Execution(Status status, List<Output> outputs) {
    public Execution {
        outputs = List.copyOf(outputs);
    }

    /** How a command ended. */
    public enum Status {
        /** The code ran to its end. */
        OK,
        /** The code raised, or the command could not run; the outputs end with an {@link ErrorOutput}. */
        ERROR,
        /** The user interrupted it. */
        CANCELLED
    }

    /** The error that ended the command, if it failed. */
    public Optional<ErrorOutput> error() {
        return outputs.stream().filter(ErrorOutput.class::isInstance).map(ErrorOutput.class::cast).findFirst();
    }
}
