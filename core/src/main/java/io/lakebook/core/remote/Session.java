package io.lakebook.core.remote;

import java.time.Duration;
import java.util.Optional;

/**
 * One notebook's execution context on a cluster. The kernel and the MCP server both run code through this, so a cell
 * behaves the same for a person and for an agent.
 *
 * <p>{@link #execute} is called from one thread at a time; {@link #interrupt} and {@link #close} may be called from
 * any thread while it runs. The cluster actions and the timeout setting have defaults for sessions that cannot
 * change their cluster (test doubles); the real session implements them all.
 */
public interface Session extends AutoCloseable {

    /**
     * Runs code on the cluster and waits for its result, starting the cluster and creating the context first when
     * needed. A user's exception is a normal {@link Execution} with status {@code ERROR}; so is a lost context, which
     * is reported once and replaced by a fresh one on the next call, never by running the code again.
     *
     * @throws io.lakebook.core.error.LakebookException when the workspace cannot be reached or refuses the call
     */
    Execution execute(String code, ProgressListener progress) throws InterruptedException;

    /** Cancels the command that is running, if any; the session stays usable. Returns without waiting for it. */
    void interrupt();

    /** Where this session runs, for banners and {@code %lakebook}. */
    SessionInfo info();

    /** Destroys the remote context, if one was created. Safe to call more than once. */
    @Override
    void close();

    /** Where this session runs and in which state, read from the workspace now. */
    default SessionStatus status() {
        SessionInfo info = info();
        return new SessionStatus(info.host(), info.clusterId(), "", "UNKNOWN", "", info.contextId(), cellTimeout());
    }

    /** The longest a cell may run before its command is cancelled; empty for no limit, the default. */
    default Optional<Duration> cellTimeout() {
        return Optional.empty();
    }

    /** Sets or removes the limit on a cell's run time for the cells that follow. */
    void cellTimeout(Optional<Duration> limit);

    /**
     * Completes the code at {@code cursor} from the context's namespace, without changing it. Returns at once with no
     * matches while a command runs or before the context exists: a keystroke must never wait for a cluster.
     */
    default Completion complete(String code, int cursor) {
        return Completion.none(cursor);
    }

    /** Describes the object at {@code cursor} from the context's namespace, under the same rules as completion. */
    default Inspection inspect(String code, int cursor, int detailLevel) {
        return Inspection.NOT_FOUND;
    }

    /**
     * What the next cell would copy of the local project to the cluster, and what stays behind and why, for
     * {@code %lakebook sync}. Sends nothing.
     */
    default String syncReport() {
        return "This session copies no project files to the cluster.";
    }

    /** Starts the cluster if it is not running and waits until it runs. */
    void startCluster(ProgressListener progress) throws InterruptedException;

    /** Restarts the cluster (every context on it is lost) and waits until it runs again. */
    void restartCluster(ProgressListener progress) throws InterruptedException;

    /** Moves the session to another cluster: this context is destroyed, the next cell runs in a new one there. */
    void switchCluster(String clusterId);
}
