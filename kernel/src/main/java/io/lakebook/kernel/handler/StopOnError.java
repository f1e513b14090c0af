package io.lakebook.kernel.handler;

/**
 * Set when a cell failed and asked {@code stop_on_error}: the shell loop then answers the execute requests already
 * queued with {@code aborted}, as ipykernel does, so that "Run All" stops at the first failing cell.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#execute
 */
public final class StopOnError {
    private boolean triggered;

    synchronized void trigger() {
        triggered = true;
    }

    /** Whether a cell failed since the last call. */
    public synchronized boolean take() {
        boolean was = triggered;
        triggered = false;
        return was;
    }
}
