package io.lakebook.kernel.handler;

/**
 * Called when a cell failed and asked {@code stop_on_error}: the execute requests that have already arrived are then
 * answered {@code aborted}, as ipykernel does, so that "Run All" stops at the first failing cell.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#execute
 *
 * <p>It must be called before the failed cell's reply is sent: a front end that sends its next cell after seeing
 * that reply has made a new choice, and that cell must run.
 */
@FunctionalInterface
public interface StopOnError {
    void collectQueuedRequests();
}
