package io.lakebook.contract;

import com.databricks.sdk.core.DatabricksException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The removal of what a run made, done once, step by step, on a thread of its own: the run's own thread may be
 * interrupted (Ctrl-C) or blocked in a call, and whoever waits for the clean-up waits only as long as it may. Each
 * step ends in one line: what was removed, or what is left for the user to remove by hand.
 */
final class CleanUp {

    private static final Logger LOG = LoggerFactory.getLogger(CleanUp.class);

    /**
     * One thing to remove.
     *
     * @param done   what the line says once it is removed, e.g. {@code deleted workspace folder /Users/…}
     * @param byHand what the user does when it could not be removed, e.g. {@code remove it by hand}
     * @param action removes it; returns false when there was nothing to do, and the step leaves no line
     */
    record Step(String done, String byHand, Action action) {
    }

    /** A step's work. */
    @FunctionalInterface
    interface Action {
        boolean run() throws Exception;
    }

    private final List<Step> steps;
    private final String[] lines;
    private final boolean[] finished;
    private final CountDownLatch over = new CountDownLatch(1);
    private final long started = System.nanoTime();

    CleanUp(List<Step> steps) {
        this.steps = List.copyOf(steps);
        this.lines = new String[steps.size()];
        this.finished = new boolean[steps.size()];
    }

    void start() {
        Thread worker = new Thread(this::runSteps, "lakebook-selftest-clean-up");
        worker.setDaemon(true);
        worker.start();
    }

    boolean over() {
        return over.getCount() == 0;
    }

    /**
     * The lines of the clean-up once it is over, or after {@code limit}: then the steps not yet done are reported as
     * left to remove by hand.
     */
    List<String> await(Duration limit) {
        try {
            over.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lines();
    }

    private synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        for (int i = 0; i < steps.size(); i++) {
            if (!finished[i]) {
                out.add("NOT " + steps.get(i).done() + " (the clean-up was cut short after " + seconds + " s): "
                        + steps.get(i).byHand());
            } else if (lines[i] != null) {
                out.add(lines[i]);
            }
        }
        return out;
    }

    private void runSteps() {
        try {
            for (int i = 0; i < steps.size(); i++) {
                String line = attempt(steps.get(i));
                synchronized (this) {
                    lines[i] = line;
                    finished[i] = true;
                }
            }
        } finally {
            over.countDown();
        }
    }

    private static String attempt(Step step) {
        try {
            return step.action().run() ? step.done() : null;
        } catch (Exception e) {
            LOG.debug("Clean-up step '{}' failed", step.done(), e);
            return "NOT " + step.done() + " (" + (e instanceof DatabricksException || e instanceof Differed
                    ? e.getMessage() : e.toString()) + "): " + step.byHand();
        }
    }
}
