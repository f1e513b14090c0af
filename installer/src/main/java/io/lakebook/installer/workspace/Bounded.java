package io.lakebook.installer.workspace;

import io.lakebook.core.error.LakebookException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A network step of {@code lakebook install}, {@code doctor} or {@code model} with a time limit, so that a workspace
 * that accepts connections but never answers (a proxy, a firewall that swallows packets) stops the step with a message
 * naming it instead of hanging. The limit is {@value #ENV} seconds, else {@value #DEFAULT_SECONDS}.
 */
public final class Bounded {
    public static final String ENV = "LAKEBOOK_NETWORK_TIMEOUT";
    static final int DEFAULT_SECONDS = 30;

    private Bounded() {
    }

    /** The limit for one network step in the environment {@code env}. */
    public static Duration timeout(Map<String, String> env) {
        String text = env.get(ENV);
        if (text == null || text.isBlank()) {
            return Duration.ofSeconds(DEFAULT_SECONDS);
        }
        try {
            double seconds = Double.parseDouble(text.strip());
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new LakebookException(ENV + " must be a number of seconds from 0 to 3600, not '" + text + "'.");
    }

    /**
     * Runs {@code step} and returns its result, or fails with {@link TimedOut} after {@code timeout}.
     *
     * @param what what the step asks, for the message: "the workspace's sign-in discovery"
     */
    public static <T> T call(String what, Duration timeout, Callable<T> step) {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread worker = new Thread(runnable, "lakebook-network-step");
            // A step that never returns must not keep the command from exiting.
            worker.setDaemon(true);
            return worker;
        });
        try {
            Future<T> result = thread.submit(step);
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimedOut(what + " did not answer within " + seconds(timeout) + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LakebookException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakebookException(what + " was interrupted", e);
        } finally {
            thread.shutdownNow();
        }
    }

    private static String seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
    }

    /** A step that got no answer in time; the message names the step and the limit, and the caller adds the fix. */
    public static final class TimedOut extends LakebookException {
        TimedOut(String message) {
            super(message);
        }
    }
}
