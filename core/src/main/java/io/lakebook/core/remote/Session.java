package io.lakebook.core.remote;

/**
 * One notebook's execution context on a cluster. The kernel and the MCP server both run code through this, so a cell
 * behaves the same for a person and for an agent.
 *
 * <p>{@link #execute} is called from one thread at a time; {@link #interrupt} and {@link #close} may be called from
 * any thread while it runs.
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
}
