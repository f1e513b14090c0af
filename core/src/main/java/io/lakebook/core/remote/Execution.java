package io.lakebook.core.remote;

import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;

import java.util.List;
import java.util.Optional;

/**
 * The end of one command: how it ended and what it produced, in order.
 *
 * @param streamed how many of the first outputs were already given to {@link ProgressListener#output} while the
 *                 command ran; a front end that showed them skips them, one that did not shows all outputs
 */
public record Execution(Status status, List<Output> outputs, int streamed) {
    public Execution {
        outputs = List.copyOf(outputs);
        if (streamed < 0 || streamed > outputs.size()) {
            throw new IllegalArgumentException("streamed must be within 0.." + outputs.size() + ", got " + streamed);
        }
    }

    /** An execution none of whose outputs were streamed. */
    public Execution(Status status, List<Output> outputs) {
        this(status, outputs, 0);
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

    /** The outputs not yet given to a {@link ProgressListener} while the command ran. */
    public List<Output> unstreamed() {
        return outputs.subList(streamed, outputs.size());
    }
}
