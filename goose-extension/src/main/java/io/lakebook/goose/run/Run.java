package io.lakebook.goose.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A run in the background: cells of a notebook, or scratch code, on a notebook's context. It outlives the tool call
 * that started it, so a cell that runs for an hour is polled, not waited for past Goose's call timeout.
 */
public final class Run {

    /** How a run stands. */
    public enum State { RUNNING, FINISHED, FAILED, CANCELLED, BROKEN }

    private final String handle;
    private final String title;
    private final Optional<Path> notebook;
    private final int planned;
    private final long started = System.nanoTime();
    private final List<Step> steps = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile State state = State.RUNNING;
    private volatile String current = "starting";
    private volatile String lastProgress = "";
    private volatile String failure = "";
    private volatile Runnable canceller = () -> { };
    private volatile boolean cancelRequested;
    private volatile long finished;

    Run(String handle, String title, Optional<Path> notebook, int planned) {
        this.handle = handle;
        this.title = title;
        this.notebook = notebook;
        this.planned = planned;
    }

    public String handle() {
        return handle;
    }

    public String title() {
        return title;
    }

    /** The notebook whose cells run, empty for scratch code. */
    public Optional<Path> notebook() {
        return notebook;
    }

    public int planned() {
        return planned;
    }

    public State state() {
        return state;
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    public List<Step> steps() {
        return new ArrayList<>(steps);
    }

    /** What runs now, e.g. {@code cell 3 of 5 ('load')}. */
    public String current() {
        return current;
    }

    public String lastProgress() {
        return lastProgress;
    }

    /** Why a BROKEN run could not go on. */
    public String failure() {
        return failure;
    }

    public Duration elapsed() {
        return Duration.ofNanos((isDone() ? finished : System.nanoTime()) - started);
    }

    /** Waits up to {@code wait} for the end; true if it ended. */
    public boolean await(Duration wait) throws InterruptedException {
        return done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the run: the running command is cancelled on the cluster and no further cell starts. */
    public void cancel() {
        cancelRequested = true;
        canceller.run();
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    /** Forwards progress lines to {@code watcher} until removed. */
    public void watch(Consumer<String> watcher) {
        watchers.add(watcher);
    }

    public void unwatch(Consumer<String> watcher) {
        watchers.remove(watcher);
    }

    void onCancel(Runnable action) {
        canceller = action;
        if (cancelRequested) {
            action.run();
        }
    }

    void running(String what) {
        current = what;
        progress("Running " + what);
    }

    void progress(String line) {
        lastProgress = line;
        watchers.forEach(watcher -> watcher.accept(line));
    }

    void add(Step step) {
        steps.add(step);
    }

    void end(State end, String why) {
        state = end;
        failure = why;
        finished = System.nanoTime();
        done.countDown();
    }
}
