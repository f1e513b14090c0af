package io.lakebook.core.remote;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import io.lakebook.core.config.CellTimeout;
import io.lakebook.core.error.WorkspaceException;
import io.lakebook.core.error.WorkspaceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Calls the workspace again while it is overloaded or out of reach, for a bounded time. databricks-sdk-java already
 * retries 429, 501 and 503 answers and refused connections, four attempts in about seven seconds (reference §1.4);
 * a longer outage, a connection that breaks during a call or an answer cut short would otherwise end a cell that runs
 * fine on the cluster, or lose a result that is waiting there.
 *
 * <p>A <em>read</em> (the state of a cluster, context, command or statement) is safe to repeat after any such
 * failure. A <em>send</em> (create a context, run a command, start a statement) is repeated only when the workspace
 * surely did not act on it: it answered 429 or 503, or the connection was refused. After a broken connection or a cut
 * answer a send may have taken effect, so it is not repeated, and the failure says so: a cell is never run twice.
 *
 * <p>A host that has never answered is not waited for: a wrong address should be reported in seconds, not minutes.
 * Thread-safe.
 */
public final class Patience {

    /** The environment variable that sets how long lakebook keeps trying while the workspace does not answer. */
    public static final String ENV = "LAKEBOOK_OUTAGE_WAIT";
    /** How long by default: longer than the restarts and brief outages of a cloud service, short of a lost day. */
    public static final Duration DEFAULT_LIMIT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(Patience.class);
    private static final long FIRST_PAUSE_MILLIS = 200;
    private static final long LONGEST_PAUSE_MILLIS = 5_000;

    /** Sleeps between attempts; an implementation may end early so that an interrupt is seen at once. */
    @FunctionalInterface
    public interface Pause {
        void pause(long millis) throws InterruptedException;
    }

    /** What a failed call means for calling again. */
    enum Failure {
        /** Not an outage: the workspace answered with an error that a second try would repeat. */
        PERMANENT,
        /** The workspace did not act on the call: it was refused, shed (429, 503) or never connected. */
        NOT_ACTED_ON,
        /** The call may have taken effect: the connection broke or a gateway failed while it was under way. */
        UNCERTAIN
    }

    private final Pause pause;
    private volatile Duration limit;
    private volatile boolean reached;

    public Patience(Duration limit, Pause pause) {
        this.limit = limit;
        this.pause = pause;
    }

    /**
     * The limit set in {@code env} ({@value #ENV}: {@code 90s}, {@code 10m}, or {@code off} for no waiting beyond
     * the SDK's own retries), else {@link #DEFAULT_LIMIT}.
     *
     * @throws io.lakebook.core.error.NotConfiguredException when the value cannot be read
     */
    public static Duration limit(java.util.Map<String, String> env) {
        String text = env.get(ENV);
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        return CellTimeout.parse(text, "the environment variable " + ENV, "outage wait").orElse(Duration.ZERO);
    }

    /** How long a call is tried again before the outage is reported. */
    public Duration limit() {
        return limit;
    }

    public void limit(Duration value) {
        this.limit = java.util.Objects.requireNonNull(value, "value");
    }

    /**
     * Reads from the workspace, trying again through an outage.
     *
     * @param doing  what the call is for, in messages: "read the status of command 12"
     * @param giveUp checked between attempts; true stops trying at once
     * @throws DatabricksException           as the SDK threw it, when the failure is not an outage
     * @throws WorkspaceUnavailableException when the outage outlasts the limit, or {@code giveUp} turned true
     */
    public <T> T read(String doing, Supplier<T> call, ProgressListener progress, BooleanSupplier giveUp)
            throws InterruptedException {
        return attempt(true, doing, call, progress, giveUp);
    }

    /**
     * Sends something to the workspace, trying again only while it surely did not act on it.
     *
     * @throws WorkspaceException            when the call may have taken effect although it failed; not repeated
     * @throws DatabricksException           as the SDK threw it, when the failure is not an outage
     * @throws WorkspaceUnavailableException when the outage outlasts the limit, or {@code giveUp} turned true
     */
    public <T> T send(String doing, Supplier<T> call, ProgressListener progress, BooleanSupplier giveUp)
            throws InterruptedException {
        return attempt(false, doing, call, progress, giveUp);
    }

    private <T> T attempt(boolean repeatable, String doing, Supplier<T> call, ProgressListener progress,
                          BooleanSupplier giveUp) throws InterruptedException {
        long firstFailure = 0;
        long next = FIRST_PAUSE_MILLIS;
        while (true) {
            DatabricksException failure;
            try {
                T result = call.get();
                reached = true;
                if (firstFailure != 0) {
                    LOG.info("The workspace answered again after {} s; lakebook could {}", seconds(firstFailure),
                            doing);
                }
                return result;
            } catch (DatabricksException e) {
                failure = e;
            }
            Failure kind = classify(failure);
            if (kind == Failure.PERMANENT || !reached && isConnectionFailure(failure)) {
                throw failure;
            }
            if (kind == Failure.UNCERTAIN && !repeatable) {
                throw new WorkspaceException("The connection to the workspace broke while lakebook tried to " + doing
                        + " (" + detail(failure) + "). The workspace may have done it anyway, so lakebook did not "
                        + "ask again.", failure);
            }
            if (firstFailure == 0) {
                firstFailure = System.nanoTime();
                LOG.warn("The workspace is not answering ({}); lakebook tries again to {} for up to {}",
                        detail(failure), doing, CellTimeout.describe(limit));
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - firstFailure);
            if (giveUp.getAsBoolean() || waited.compareTo(limit) >= 0) {
                throw new WorkspaceUnavailableException("The workspace did not answer for " + seconds(firstFailure)
                        + " s while lakebook tried to " + doing + " (" + detail(failure) + "). Check the network "
                        + "and the workspace's status page; lakebook waits " + CellTimeout.describe(limit)
                        + " before giving up (" + ENV + " changes that).", failure);
            }
            progress.progress("The workspace is not answering (" + detail(failure) + "); trying again to " + doing
                    + " (" + waited.toSeconds() + " s of up to " + CellTimeout.describe(limit) + ")");
            pause.pause(next);
            next = Math.min(LONGEST_PAUSE_MILLIS, next * 2);
        }
    }

    /** Whether a failure is an outage, and whether the workspace may have acted on the call. */
    static Failure classify(DatabricksException e) {
        if (!(e instanceof DatabricksError) && e.getCause() instanceof DatabricksError last
                && String.valueOf(e.getMessage()).contains("failed after")) {
            // The SDK used up its own retries (reference §1.4); the last answer tells what kind of outage it was.
            return classify(last);
        }
        if (e instanceof DatabricksError error) {
            int status = error.getStatusCode();
            if (status == 429 || status == 503) {
                return Failure.NOT_ACTED_ON;
            }
            if (status == 502 || status == 504) {
                return Failure.UNCERTAIN;
            }
        }
        if (isConnectionFailure(e)) {
            return Failure.NOT_ACTED_ON;
        }
        return hasCause(e, IOException.class) ? Failure.UNCERTAIN : Failure.PERMANENT;
    }

    /** The call never reached the workspace: no connection could be made. */
    static boolean isConnectionFailure(DatabricksException e) {
        return hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class)
                || hasCause(e, NoRouteToHostException.class);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The failure in a few words: the workspace's answer, or what happened to the connection. */
    static String detail(DatabricksException e) {
        Throwable shown = !(e instanceof DatabricksError) && e.getCause() instanceof DatabricksException cause
                ? cause : e;
        if (shown instanceof DatabricksError error && error.getStatusCode() >= 400 && error.getStatusCode() < 600
                && !"IO_ERROR".equals(error.getErrorCode())) {
            return "HTTP " + error.getStatusCode() + ": " + error.getMessage();
        }
        for (Throwable cause = shown; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return io.getClass().getSimpleName() + ": " + io.getMessage();
            }
        }
        return String.valueOf(shown.getMessage());
    }

    private static long seconds(long sinceNanos) {
        return Duration.ofNanos(System.nanoTime() - sinceNanos).toSeconds();
    }
}
