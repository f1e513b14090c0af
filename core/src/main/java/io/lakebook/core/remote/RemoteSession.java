package io.lakebook.core.remote;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.compute.CancelCommand;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.State;
import io.lakebook.core.config.Settings;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.output.ErrorOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link Session} on a Databricks all-purpose cluster through the Command Execution API (REST 1.2).
 *
 * <p>The execution context is created at the first command, after the cluster is started if needed. When the
 * context is lost (cluster restarted or terminated, context evicted) the command that noticed it fails with a
 * {@code ContextLost} error and the next command starts a fresh context: code is never re-run behind the user's back.
 */
public final class RemoteSession implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteSession.class);
    private static final Duration PROGRESS_AFTER = Duration.ofSeconds(1);

    private final WorkspaceClient workspace;
    private final String host;
    private final String clusterId;
    private final ClusterStarter clusters;
    private final ResultMapper results;
    private final Waiter waiter = new Waiter();
    private final ExecutorService canceller = Executors.newSingleThreadExecutor(daemon("lakebook-cancel"));
    private volatile String contextId;
    private volatile String commandId;
    private volatile boolean interrupted;
    private volatile boolean closed;

    public RemoteSession(WorkspaceClient workspace, String host, String clusterId, Duration clusterStartTimeout) {
        this.workspace = workspace;
        this.host = host;
        this.clusterId = clusterId;
        this.clusters = new ClusterStarter(workspace, waiter, clusterStartTimeout);
        this.results = new ResultMapper(this::readPlot);
    }

    /**
     * Opens a session with the settings that apply to {@code workingDirectory} (see {@link Settings}).
     *
     * @throws io.lakebook.core.error.NotConfiguredException naming what is missing and how to set it
     */
    public static Session open(Path workingDirectory) {
        return open(workingDirectory, System.getenv());
    }

    /** Opens a session as {@link #open(Path)} does, reading lakebook's variables from {@code env}. */
    public static Session open(Path workingDirectory, java.util.Map<String, String> env) {
        Settings settings = Settings.load(workingDirectory, env);
        return new RemoteSession(Workspaces.connect(settings), settings.host(), settings.clusterId(),
                Duration.ofMinutes(30));
    }

    @Override
    public Execution execute(String code, ProgressListener progress) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("session closed");
        }
        interrupted = false;
        try {
            if (!ensureContext(progress)) {
                return cancelled();
            }
            String id = submit(code);
            return awaitResult(id, progress);
        } catch (ContextLost lost) {
            return lost.execution();
        } finally {
            commandId = null;
        }
    }

    @Override
    public void interrupt() {
        interrupted = true;
        waiter.wake();
        String command = commandId;
        String context = contextId;
        if (command != null && context != null) {
            canceller.execute(() -> cancel(context, command));
        }
    }

    @Override
    public SessionInfo info() {
        return new SessionInfo(host, clusterId, Optional.ofNullable(contextId));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        interrupt();
        String context = contextId;
        contextId = null;
        if (context != null) {
            destroy(context);
        }
        canceller.shutdown();
    }

    private boolean ensureContext(ProgressListener progress) throws InterruptedException {
        if (contextId != null) {
            return true;
        }
        if (!clusters.ensureRunning(clusterId, progress, () -> interrupted)) {
            return false;
        }
        String id = Failures.call(() -> workspace.commandExecution().create(new CreateContext()
                .setClusterId(clusterId).setLanguage(Language.PYTHON)).getResponse().getId(),
                "create an execution context on cluster " + clusterId);
        awaitContextRunning(id);
        contextId = id;
        LOG.info("Execution context {} created on cluster {}", id, clusterId);
        return true;
    }

    private void awaitContextRunning(String id) throws InterruptedException {
        Backoff backoff = Backoff.forCommands();
        while (true) {
            ContextStatus status = Failures.call(() -> workspace.commandExecution().contextStatus(clusterId, id)
                    .getStatus(), "read the status of execution context " + id);
            if (status == ContextStatus.RUNNING) {
                return;
            }
            if (status == ContextStatus.ERROR) {
                throw new LakebookException("Cluster " + clusterId + " could not create an execution context (it "
                        + "reported Error). Restart the cluster from the workspace, then run the cell again.");
            }
            waiter.pause(backoff.nextMillis());
        }
    }

    private String submit(String code) {
        try {
            String id = workspace.commandExecution().execute(new Command().setClusterId(clusterId)
                    .setContextId(contextId).setLanguage(Language.PYTHON).setCommand(code)).getResponse().getId();
            commandId = id;
            if (interrupted) {
                interrupt();
            }
            return id;
        } catch (DatabricksException e) {
            throw lostOrFailed(e, "send the cell to cluster " + clusterId, false);
        }
    }

    private Execution awaitResult(String id, ProgressListener progress) throws InterruptedException {
        Backoff backoff = Backoff.forCommands();
        long started = System.nanoTime();
        while (true) {
            waiter.pause(backoff.nextMillis());
            CommandStatusResponse response = status(id);
            CommandStatus status = response.getStatus();
            if (status == CommandStatus.FINISHED || status == CommandStatus.ERROR
                    || status == CommandStatus.CANCELLED) {
                return results.map(response);
            }
            Duration running = Duration.ofNanos(System.nanoTime() - started);
            if (running.compareTo(PROGRESS_AFTER) >= 0) {
                progress.progress((status == CommandStatus.CANCELLING ? "Cancelling" : "Running") + " on cluster "
                        + clusterId + ": " + running.toSeconds() + " s");
            }
        }
    }

    private CommandStatusResponse status(String id) {
        try {
            return workspace.commandExecution().commandStatus(clusterId, contextId, id);
        } catch (DatabricksException e) {
            throw lostOrFailed(e, "read the status of command " + id, true);
        }
    }

    /**
     * A failing call on a context is either the context being gone (the cluster is no longer running, or the
     * workspace names the context in its error) or a plain failure to report.
     */
    private RuntimeException lostOrFailed(DatabricksException e, String doing, boolean cellStarted) {
        Optional<String> reason = lossReason(e);
        if (reason.isEmpty()) {
            return Failures.explain(e, doing);
        }
        LOG.info("Execution context {} on cluster {} is gone: {}", contextId, clusterId, reason.get());
        contextId = null;
        return new ContextLost(reason.get(), cellStarted);
    }

    private Optional<String> lossReason(DatabricksException e) {
        try {
            ClusterDetails cluster = workspace.clusters().get(clusterId);
            if (cluster.getState() != State.RUNNING && cluster.getState() != State.RESIZING) {
                String message = cluster.getStateMessage() == null || cluster.getStateMessage().isBlank() ? ""
                        : " (" + cluster.getStateMessage() + ")";
                return Optional.of("cluster " + ClusterStarter.describe(cluster) + " is " + cluster.getState()
                        + message);
            }
        } catch (DatabricksException ignored) {
            // The original error is the one to report.
        }
        String detail = String.valueOf(e.getMessage());
        return detail.toLowerCase(java.util.Locale.ROOT).contains("context")
                ? Optional.of("the workspace no longer knows the context (" + detail + ")") : Optional.empty();
    }

    private void cancel(String context, String command) {
        try {
            workspace.commandExecution().cancel(new CancelCommand().setClusterId(clusterId).setContextId(context)
                    .setCommandId(command));
        } catch (DatabricksException e) {
            LOG.warn("Could not cancel command {} in context {}: {}", command, context, e.getMessage());
        }
    }

    private void destroy(String context) {
        try {
            workspace.commandExecution().destroy(new DestroyContext().setClusterId(clusterId).setContextId(context));
            LOG.info("Execution context {} destroyed on cluster {}", context, clusterId);
        } catch (DatabricksException e) {
            LOG.warn("Could not destroy execution context {} on cluster {}: {}", context, clusterId, e.getMessage());
        }
    }

    private byte[] readPlot(String fileName) {
        // A large plot arrives as /plots/<id>.png, a file under /FileStore/plots in DBFS.
        String path = fileName.startsWith("/FileStore/") ? fileName : "/FileStore" + fileName;
        try {
            return workspace.dbfs().readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Execution cancelled() {
        return new Execution(Execution.Status.CANCELLED, List.of());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The context disappeared under a command; carries the message the user sees in place of the result. */
    private final class ContextLost extends RuntimeException {
        private final String reason;
        private final boolean cellStarted;

        ContextLost(String reason, boolean cellStarted) {
            super(reason, null, false, false);
            this.reason = reason;
            this.cellStarted = cellStarted;
        }

        Execution execution() {
            String outcome = cellStarted ? "This cell may not have finished." : "This cell did not run.";
            String message = "The execution context on cluster " + clusterId + " is gone: " + reason + ". "
                    + "Variables and imports from earlier cells are lost. " + outcome + " Run it again to start a "
                    + "fresh context.";
            return new Execution(Execution.Status.ERROR, List.of(new ErrorOutput("ContextLost", message,
                    List.of("ContextLost: " + message))));
        }
    }
}
