package io.lakebook.core.remote;

import io.lakebook.core.output.ClearOutput;
import io.lakebook.core.output.TextOutput;

/**
 * Told what a session is waiting for while it waits (the cluster starting, a command running long) and what a
 * running command prints, as it prints it. Front ends show the line and remove it when the real outputs arrive.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = line -> { };

    /** A new state of the wait, for example {@code "Cluster dev is PENDING (12 s)"}. Called from the waiting thread. */
    void progress(String line);

    /**
     * Text the running command has printed since the last call, read live from the driver. Everything given here is
     * also among the {@link Execution#outputs()} of the command, counted by {@link Execution#streamed()}.
     */
    default void output(TextOutput text) {
    }

    /** The running command cleared its cell's output ({@code clear_output()}); also among the streamed outputs. */
    default void clear(ClearOutput clear) {
    }
}
