package io.lakebook.kernel.session;

import io.lakebook.core.error.LakebookException;
import io.lakebook.core.remote.Completion;
import io.lakebook.core.remote.Execution;
import io.lakebook.core.remote.Inspection;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.Session;
import io.lakebook.core.remote.SessionInfo;

import java.util.Optional;

/**
 * The notebook's session, opened at the first cell rather than at kernel start, so that a missing setting becomes
 * that cell's error message instead of a kernel that dies before the notebook can say why. A failed open is tried
 * again at the next cell, after the user has fixed the setting.
 *
 * <p>The shell thread executes; the control thread interrupts and closes while a cell runs.
 */
public final class LazySession implements AutoCloseable {
    private final SessionFactory factory;
    private volatile Session session;
    private boolean closed;

    public LazySession(SessionFactory factory) {
        this.factory = factory;
    }

    public Execution execute(String code, ProgressListener progress) throws InterruptedException {
        return current().execute(code, progress);
    }

    /** Cancels the running command, if a session is open. */
    public void interrupt() {
        Session open = session;
        if (open != null) {
            open.interrupt();
        }
    }

    public Optional<SessionInfo> info() {
        return Optional.ofNullable(session).map(Session::info);
    }

    /** Destroys the remote context, if one was opened; later cells fail instead of opening a new one. */
    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.close();
        }
    }

    /** Tab completion from the open session; nothing before the first cell opened one. */
    public Completion complete(String code, int cursor) {
        Session open = session;
        return open == null ? Completion.none(cursor) : open.complete(code, cursor);
    }

    /** Shift-tab help from the open session; nothing before the first cell opened one. */
    public Inspection inspect(String code, int cursor, int detailLevel) {
        Session open = session;
        return open == null ? Inspection.NOT_FOUND : open.inspect(code, cursor, detailLevel);
    }

    /** The session, opened now if no cell has opened it yet. */
    public synchronized Session current() {
        if (closed) {
            throw new LakebookException("The kernel is shutting down; start it again to run more cells.");
        }
        if (session == null) {
            session = factory.open();
        }
        return session;
    }
}
