package io.lakebook.core.remote;

/**
 * Told what a session is waiting for while it waits: the cluster starting, a command running long. Front ends show
 * the line and remove it when the real outputs arrive.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = line -> { };

    /** A new state of the wait, for example {@code "Cluster dev is PENDING (12 s)"}. Called from the waiting thread. */
    void progress(String line);
}
