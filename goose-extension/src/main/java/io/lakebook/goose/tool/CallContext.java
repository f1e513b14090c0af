package io.lakebook.goose.tool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What a running tool call may use besides its arguments: the project's paths as this call sees them, a way to
 * report progress, and the client's cancellation.
 */
public final class CallContext {

    private final ProjectPaths paths;
    private final Consumer<String> progress;
    private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public CallContext(ProjectPaths paths, Consumer<String> progress) {
        this.paths = paths;
        this.progress = progress;
    }

    public ProjectPaths paths() {
        return paths;
    }

    /** Tells the client how a long call is going; rate-limited by the server, ignored without a progress token. */
    public void progress(String message) {
        progress.accept(message);
    }

    /** Runs {@code action} when the client cancels this call (at once, if it already has). */
    public void onCancel(Runnable action) {
        onCancel.add(action);
        if (cancelled) {
            action.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Called by the server on {@code notifications/cancelled}. */
    public void cancel() {
        cancelled = true;
        onCancel.forEach(Runnable::run);
    }
}
