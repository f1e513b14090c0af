package io.lakebook.goose.run;

import io.lakebook.core.remote.Session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One execution context per notebook (and one for scratch code run without a notebook), created at the first run
 * and kept until restarted, so variables survive from one call to the next as they do in Jupyter.
 */
public final class Contexts implements AutoCloseable {

    /** A notebook's context: its session, the execution counter, and the run using it, if any. */
    public static final class Context {
        private final Session session;
        private int executions;
        private Run active;

        Context(Session session) {
            this.session = session;
        }

        public Session session() {
            return session;
        }

        synchronized int nextExecutionCount() {
            return ++executions;
        }

        /**
         * Claims the context for {@code run}; fails naming the run that has it. A run being cancelled (Goose gave up
         * on its call) is given a few seconds to stop, so the call that follows a cancel finds the context free.
         */
        void claim(Run run) throws InterruptedException {
            Run previous = active().orElse(null);
            if (previous != null && previous.cancelRequested()) {
                previous.await(CANCEL_GRACE);
            }
            take(run);
        }

        private synchronized void take(Run run) {
            if (active != null && !active.isDone()) {
                throw new io.lakebook.goose.tool.ToolFailure("This notebook's context is busy with run " + active.handle()
                        + " (" + active.title() + "). Wait for it with run_poll, or stop it with run_cancel, then "
                        + "try again.");
            }
            active = run;
        }

        synchronized Optional<Run> active() {
            return Optional.ofNullable(active).filter(run -> !run.isDone());
        }
    }

    private static final java.time.Duration CANCEL_GRACE = java.time.Duration.ofSeconds(10);

    private final Function<Path, Session> opener;
    private final Map<Path, Context> contexts = new ConcurrentHashMap<>();

    /** @param opener opens a session with the settings that apply in a directory */
    public Contexts(Function<Path, Session> opener) {
        this.opener = opener;
    }

    /** The context for {@code key}, opened with the settings of {@code workingDirectory} the first time. */
    public Context get(Path key, Path workingDirectory) {
        return contexts.computeIfAbsent(key, k -> new Context(opener.apply(workingDirectory)));
    }

    public Optional<Context> find(Path key) {
        return Optional.ofNullable(contexts.get(key));
    }

    /**
     * Ends the context for {@code key}: the next run starts a fresh one.
     *
     * @return false when there was none
     */
    public boolean restart(Path key) {
        Context context = contexts.get(key);
        if (context == null) {
            return false;
        }
        context.active().ifPresent(run -> {
            throw new io.lakebook.goose.tool.ToolFailure("Run " + run.handle() + " (" + run.title() + ") is still "
                    + "using this context. Stop it with run_cancel first, then restart.");
        });
        contexts.remove(key, context);
        context.session().close();
        return true;
    }

    @Override
    public void close() {
        List<Context> all = new ArrayList<>(contexts.values());
        contexts.clear();
        all.forEach(context -> context.session().close());
    }
}
