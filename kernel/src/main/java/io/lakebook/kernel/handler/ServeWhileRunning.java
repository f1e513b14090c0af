package io.lakebook.kernel.handler;

import java.util.concurrent.Future;

/**
 * Keeps the shell channel answering while a cell runs on the cluster: completion, inspection and kernel info are
 * served at once (completion and inspection then answer empty, as the context is busy), while execute requests wait
 * their turn in the order they came. Called on the shell loop's thread, the only one that reads the shell socket.
 */
@FunctionalInterface
public interface ServeWhileRunning {
    /** Serves other shell requests until {@code running} is done. */
    void serveUntil(Future<?> running) throws InterruptedException;
}
