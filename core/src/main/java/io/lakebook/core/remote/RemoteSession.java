package io.lakebook.core.remote;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.compute.CancelCommand;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.State;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.core.config.CellTimeout;
import io.lakebook.core.config.ProjectFile;
import io.lakebook.core.config.UserHome;
import io.lakebook.core.config.Settings;
import io.lakebook.core.error.WorkspaceException;
import io.lakebook.core.error.WorkspaceUnavailableException;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.ClearOutput;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.sync.SyncException;
import io.lakebook.core.sync.SyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link Session} on a Databricks all-purpose cluster through the Command Execution API (REST 1.2).
 *
 * <p>The execution context is created at the first command, after the cluster is started if needed. Before each
 * command the cluster is checked: if it stopped or restarted since the context was made, the context is gone, and
 * the command says so, starts the cluster and runs in a fresh context. A context lost while a command runs ends that
 * command with a {@code ContextLost} error, because it may have run partly: code is never re-run behind the user's
 * back.
 *
 * <p>What a command prints is read while it runs ({@link LiveOutput}). There is no time limit on a command unless
 * the user sets one; when it passes, the command is cancelled on the cluster.
 */
public final class RemoteSession implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROGRESS_AFTER = Duration.ofSeconds(1);
    /** While a command runs, what it printed is read this often, so a line shows within half a second. */
    private static final long LIVE_READ_MILLIS = 400;
    private static final long MILLI = 1_000_000L;
    private static final Duration INTROSPECTION_LIMIT = Duration.ofSeconds(5);
    /** How long a cancelled command may take to stop before lakebook stops waiting for it. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);
    private static final Duration CONTEXT_START_LIMIT = Duration.ofMinutes(5);
    private static final long CONTEXT_WAIT_SLICE_MILLIS = 100;
    private static final String COMPLETE = Commands.resource("complete.py");
    private static final String INSPECT = Commands.resource("inspect.py");

    private final WorkspaceClient workspace;
    private final String host;
    private final Duration clusterStartTimeout;
    private final ResultMapper results;
    private final Waiter waiter = new Waiter();
    private final Patience patience = new Patience(Patience.DEFAULT_LIMIT, waiter::pause);
    private final ExecutorService background = Executors.newCachedThreadPool(daemon("lakebook-session"));
    private volatile String clusterId;
    private volatile ClusterStarter clusters;
    private volatile Commands commands;
    /** lakebook's live-output commands, on a client without the SDK's retries: see {@link #quickClient()}. */
    private volatile Commands liveCommands;
    private WorkspaceClient quickClient;
    private volatile LiveOutput live;
    private volatile String contextId;
    /** The cluster's start and restart times when the context was made; a change means the context is gone. */
    private volatile String driverGeneration;
    private volatile String commandId;
    private volatile boolean running;
    private volatile boolean interrupted;
    /** When the running command was asked to stop (an interrupt or the cell timeout), as nanoTime; 0 when not. */
    private volatile long cancelAskedAt;
    private volatile Duration cancelWait = CANCEL_WAIT;
    private volatile boolean closed;
    /** The "remote state was lost" notice of the running cell, until a context runs again. */
    private volatile TextOutput unshownNotice;
    /** A context being created, guarded by this. */
    private CompletableFuture<String> pendingContext;
    private volatile Optional<Duration> cellTimeout = Optional.empty();
    /** The local project kept on the driver; null when this session copies no files. */
    private volatile ProjectSync sync;

    public RemoteSession(WorkspaceClient workspace, String host, String clusterId, Duration clusterStartTimeout) {
        this.workspace = workspace;
        this.host = host;
        this.clusterStartTimeout = clusterStartTimeout;
        this.results = new ResultMapper(this::readPlot);
        bind(clusterId);
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
        RemoteSession session = new RemoteSession(Workspaces.connect(settings), settings.host(),
                settings.clusterId(), Duration.ofMinutes(30));
        session.cellTimeout(settings.cellTimeout());
        session.outageWait(Patience.limit(env));
        Optional<ProjectFile> project = settings.project();
        Path root = project.map(ProjectFile::projectRoot).orElse(workingDirectory.toAbsolutePath().normalize());
        if (project.isPresent() || !isHomeOrRoot(root, env)) {
            session.syncProject(root, workingDirectory, project.map(ProjectFile::sync).orElse(SyncSettings.DEFAULTS),
                    project.map(file -> file.path().toString()).orElse(".databricks/" + ProjectFile.FILE_NAME), env);
        } else {
            LOG.info("Not copying {} to the cluster: a home or root folder is no project. Put a .databricks/{} in "
                    + "the project's folder to have its files copied.", root, ProjectFile.FILE_NAME);
        }
        return session;
    }

    /**
     * Keeps the project at {@code root} on the driver from the next cell on: importable, and the working directory
     * of the notebook's context ({@link ProjectSync}).
     *
     * @param folder       the notebook's folder in the project: its working directory on the driver
     * @param settingsFile where {@code settings} come from, named in messages
     * @param env          the environment, for lakebook's cache folder
     */
    public void syncProject(Path root, Path folder, SyncSettings settings, String settingsFile,
                            java.util.Map<String, String> env) {
        sync = new ProjectSync(root, folder, settings, settingsFile, env);
    }

    @Override
    public String syncReport() {
        ProjectSync project = sync;
        return project == null ? "This session copies no project files to the cluster." : project.report();
    }

    private static boolean isHomeOrRoot(Path folder, java.util.Map<String, String> env) {
        return folder.getParent() == null || folder.equals(UserHome.of(env)) || folder.equals(UserHome.current());
    }

    @Override
    public Execution execute(String code, ProgressListener progress) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("session closed");
        }
        interrupted = false;
        cancelAskedAt = 0;
        running = true;
        List<Output> notices = new ArrayList<>();
        try {
            checkContextStillThere(progress, notices);
            if (!ensureContext(progress)) {
                return cancelled(notices);
            }
            showNotice(progress);
            Optional<Execution> stopped = syncBeforeCell(progress, notices);
            if (stopped.isPresent()) {
                return stopped.get();
            }
            String id = submitOrRecover(code, progress, notices);
            return id == null ? cancelled(notices) : awaitResult(id, progress, notices);
        } catch (ContextLost lost) {
            return lost.execution(notices);
        } finally {
            showNotice(progress);
            commandId = null;
            running = false;
        }
    }

    @Override
    public void interrupt() {
        interrupted = true;
        waiter.wake();
        String command = commandId;
        String context = contextId;
        if (command != null && context != null) {
            askedToStop();
            background.execute(() -> cancel(context, command));
        }
    }

    /**
     * How long the workspace may fail to answer (down, overloaded, unreachable) before a waiting cell gives up;
     * {@link Patience#DEFAULT_LIMIT} unless set, from {@value Patience#ENV} when opened with the settings.
     */
    public void outageWait(Duration limit) {
        patience.limit(limit);
    }

    /**
     * How long a cancelled command may take to stop before the cell ends without it; 30 s unless set. A command that
     * ignores the cancel holds its context, so the context is left and the next cell gets a fresh one.
     */
    public void cancelWait(Duration limit) {
        cancelWait = Objects.requireNonNull(limit, "limit");
    }

    private void askedToStop() {
        if (cancelAskedAt == 0) {
            cancelAskedAt = System.nanoTime();
        }
    }

    private boolean cancelOverdue() {
        long asked = cancelAskedAt;
        return asked != 0 && System.nanoTime() - asked > cancelWait.toNanos();
    }

    @Override
    public SessionInfo info() {
        return new SessionInfo(host, clusterId, Optional.ofNullable(contextId));
    }

    @Override
    public SessionStatus status() {
        ClusterDetails cluster = readCluster(ProgressListener.NONE);
        return new SessionStatus(host, clusterId, Objects.toString(cluster.getClusterName(), ""),
                String.valueOf(cluster.getState()), Objects.toString(cluster.getStateMessage(), ""),
                Optional.ofNullable(contextId), cellTimeout);
    }

    @Override
    public Optional<Duration> cellTimeout() {
        return cellTimeout;
    }

    @Override
    public void cellTimeout(Optional<Duration> limit) {
        cellTimeout = Objects.requireNonNull(limit, "limit");
    }

    @Override
    public Completion complete(String code, int cursor) {
        Optional<JsonNode> answer = introspect(COMPLETE, code, cursor, 0);
        if (answer.isEmpty()) {
            return Completion.none(cursor);
        }
        List<String> matches = new ArrayList<>();
        answer.get().path("matches").forEach(match -> matches.add(match.asText()));
        return new Completion(matches, answer.get().path("start").asInt(cursor), answer.get().path("end")
                .asInt(cursor));
    }

    @Override
    public Inspection inspect(String code, int cursor, int detailLevel) {
        return introspect(INSPECT, code, cursor, detailLevel)
                .map(answer -> answer.path("text"))
                .filter(text -> text.isTextual())
                .map(text -> new Inspection(Optional.of(text.asText())))
                .orElse(Inspection.NOT_FOUND);
    }

    @Override
    public void startCluster(ProgressListener progress) throws InterruptedException {
        interrupted = false;
        clusters.ensureRunning(clusterId, progress, () -> interrupted);
    }

    @Override
    public void restartCluster(ProgressListener progress) throws InterruptedException {
        Failures.call(() -> {
            workspace.clusters().restart(new com.databricks.sdk.service.compute.RestartCluster()
                    .setClusterId(clusterId));
            return null;
        }, "restart cluster " + clusterId, workspace.config());
        forgetContext("the cluster was restarted");
        startCluster(progress);
    }

    @Override
    public synchronized void switchCluster(String newClusterId) {
        ClusterDetails cluster = Failures.call(() -> workspace.clusters().get(newClusterId),
                "find cluster " + newClusterId, workspace.config());
        closeContexts();
        bind(cluster.getClusterId());
        LOG.info("Session moved to cluster {}", newClusterId);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        interrupt();
        closeContexts();
        background.shutdown();
    }

    private void bind(String newClusterId) {
        abandonPendingContext();
        clusterId = newClusterId;
        clusters = new ClusterStarter(workspace, waiter, clusterStartTimeout, patience);
        commands = new Commands(workspace, newClusterId, patience, () -> closed);
        liveCommands = new Commands(quickClient(), newClusterId, patience, () -> closed);
        live = new LiveOutput(liveCommands, background);
    }

    /**
     * The same workspace and sign-in, without the SDK's retries. Live output is a help: while the workspace sheds
     * calls, or the cluster has just stopped, a read that the SDK would retry for seven seconds (reference §1.4) is
     * better given up at once, so that the cell's own status is polled again without delay.
     */
    private synchronized WorkspaceClient quickClient() {
        if (quickClient == null) {
            try {
                quickClient = new WorkspaceClient(workspace.config().clone().setDisableRetries(true));
            } catch (RuntimeException e) {
                LOG.debug("No separate client for live output ({}); it uses the session's", e.toString());
                quickClient = workspace;
            }
        }
        return quickClient;
    }

    private void closeContexts() {
        abandonPendingContext();
        String context = contextId;
        contextId = null;
        live.close();
        if (context != null) {
            destroy(context);
        }
    }

    /**
     * A context made before the cluster last stopped or restarted is gone with the driver. Checking before sending
     * the cell means the cell itself can run, once, in a fresh context, and the user is told what was lost.
     */
    private void checkContextStillThere(ProgressListener progress, List<Output> notices) {
        if (contextId == null) {
            return;
        }
        ClusterDetails cluster;
        try {
            cluster = workspace.clusters().get(clusterId);
        } catch (DatabricksException e) {
            return; // the command itself will say what is wrong
        }
        boolean runs = cluster.getState() == State.RUNNING || cluster.getState() == State.RESIZING;
        if (runs && generation(cluster).equals(driverGeneration)) {
            return;
        }
        String why = runs ? "cluster " + ClusterStarter.describe(cluster) + " restarted"
                : "cluster " + ClusterStarter.describe(cluster) + " is " + cluster.getState() + stateMessage(cluster);
        lostBeforeCell(why, progress, notices);
    }

    private void lostBeforeCell(String why, ProgressListener progress, List<Output> notices) {
        forgetContext(why);
        TextOutput notice = new TextOutput("Remote state was lost: " + why + " since the last cell, so variables, "
                + "imports and functions from earlier cells are gone. Running this cell in a fresh context.\n", true);
        notices.add(notice);
        // Shown once a context runs again: published now, the text would end the progress line for the whole
        // cluster start, which can take minutes.
        unshownNotice = notice;
        progress.progress("Remote state was lost (" + why + "); starting a fresh context");
    }

    private void showNotice(ProgressListener progress) {
        TextOutput notice = unshownNotice;
        unshownNotice = null;
        if (notice != null) {
            progress.output(notice);
        }
    }

    private void forgetContext(String why) {
        String context = contextId;
        if (context != null) {
            LOG.info("Execution context {} on cluster {} is gone: {}", context, clusterId, why);
        }
        contextId = null;
        LiveOutput previous = live;
        live = new LiveOutput(liveCommands, background);
        // The reader context may have outlived the notebook's (an eviction, a context left behind); none may linger.
        background.execute(previous::close);
    }

    private boolean ensureContext(ProgressListener progress) throws InterruptedException {
        if (contextId != null) {
            if (live.needsReattach()) {
                live.attach(contextId);
                ProjectSync project = sync;
                if (project != null) {
                    project.processReplaced();
                }
            }
            return true;
        }
        if (!clusters.ensureRunning(clusterId, progress, () -> interrupted)) {
            return false;
        }
        // lakebook's own context (live output, project files) starts alongside the notebook's: the first cell
        // needs both, and each takes a Python process's start.
        live.prepare();
        Optional<String> created = awaitNewContext();
        if (created.isEmpty()) {
            return false;
        }
        String id = created.get();
        driverGeneration = generation(readCluster(progress));
        LOG.info("Execution context {} created on cluster {}", id, clusterId);
        live.attach(id);
        return !interrupted;
    }

    /**
     * Brings the project's copy on the driver up to date; when that fails, the cell does not run and its result is
     * the sync error, so the user sees why before any code runs against missing or old files.
     */
    private Optional<Execution> syncBeforeCell(ProgressListener progress, List<Output> notices)
            throws InterruptedException {
        ProjectSync project = sync;
        if (project == null) {
            return Optional.empty();
        }
        LiveOutput reader = live;
        try {
            for (TextOutput notice : project.beforeCell(commands, contextId, reader::internalContext,
                    driverGeneration, progress)) {
                notices.add(notice);
                progress.output(notice);
            }
            return Optional.empty();
        } catch (SyncException e) {
            LOG.warn("Project sync stopped a cell: {}", e.getMessage());
            List<Output> outputs = new ArrayList<>(notices);
            outputs.add(new ErrorOutput("SyncError", e.getMessage(), List.of("\u001b[0;31mSyncError\u001b[0m: "
                    + e.getMessage())));
            return Optional.of(new Execution(Execution.Status.ERROR, outputs, notices.size()));
        }
    }

    /**
     * Waits for the context being created, which can take a while on a busy driver. An interrupt returns at once
     * without sending the cell, and the creation goes on: the next cell uses that context. A context that arrives
     * after the session was closed is destroyed, so none is left on the cluster.
     *
     * @return the new context, now the session's, or empty when interrupted or closed meanwhile
     */
    private Optional<String> awaitNewContext() throws InterruptedException {
        CompletableFuture<String> creating = creatingContext();
        while (!creating.isDone()) {
            if (interrupted || closed) {
                return Optional.empty();
            }
            waiter.pause(CONTEXT_WAIT_SLICE_MILLIS);
        }
        String id;
        try {
            id = creating.join();
        } catch (CompletionException e) {
            synchronized (this) {
                pendingContext = null;
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        synchronized (this) {
            pendingContext = null;
            if (closed) {
                commands.destroyQuietly(id);
                return Optional.empty();
            }
            contextId = id;
        }
        return Optional.of(id);
    }

    private synchronized CompletableFuture<String> creatingContext() {
        if (pendingContext == null) {
            Commands creator = commands;
            pendingContext = CompletableFuture.supplyAsync(() -> {
                try {
                    return creator.createContext(CONTEXT_START_LIMIT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
            }, background);
        }
        return pendingContext;
    }

    /** A context still being created when the session closes or moves is destroyed as soon as it exists. */
    private synchronized void abandonPendingContext() {
        CompletableFuture<String> pending = pendingContext;
        pendingContext = null;
        if (pending != null) {
            Commands creator = commands;
            pending.thenAccept(creator::destroyQuietly);
        }
    }

    /** The cell is sent once; if the context turns out gone before it was accepted, it is sent to a fresh one. */
    private String submitOrRecover(String code, ProgressListener progress, List<Output> notices)
            throws InterruptedException {
        live.begin();
        try {
            return submit(code, progress);
        } catch (ContextLost lost) {
            if (lost.cellStarted) {
                throw lost;
            }
            lostBeforeCell(lost.reason, progress, notices);
            if (!ensureContext(progress)) {
                return null;
            }
            showNotice(progress);
            live.begin();
            return submit(code, progress);
        }
    }

    private String submit(String code, ProgressListener progress) throws InterruptedException {
        String doing = "send the cell to cluster " + clusterId;
        Command command = new Command().setClusterId(clusterId).setContextId(contextId).setLanguage(Language.PYTHON)
                .setCommand(code);
        try {
            String id = patience.send(doing, () -> workspace.commandExecution().execute(command).getResponse()
                    .getId(), progress, () -> interrupted || closed);
            commandId = id;
            if (interrupted) {
                interrupt();
            }
            return id;
        } catch (DatabricksException e) {
            throw lostOrFailed(e, doing, false);
        } catch (WorkspaceUnavailableException e) {
            throw new WorkspaceUnavailableException(e.getMessage() + " The cell did not run; run it again once the "
                    + "workspace answers.", e);
        } catch (WorkspaceException e) {
            throw new WorkspaceException(e.getMessage() + " So the cell may be running on the cluster although "
                    + "lakebook has no answer for it. Look at what it does (a table it writes, a variable it sets) "
                    + "before running it again.", e);
        }
    }

    /**
     * Polls the command's status on its backoff, and meanwhile reads what it prints on a schedule of its own, so that
     * a line shows within half a second without the status being asked for more often.
     */
    private Execution awaitResult(String id, ProgressListener progress, List<Output> notices)
            throws InterruptedException {
        Backoff backoff = Backoff.forCommands();
        long started = System.nanoTime();
        long nextStatus = started + backoff.nextMillis() * MILLI;
        long nextRead = started + LIVE_READ_MILLIS * MILLI;
        List<Output> printed = new ArrayList<>();
        boolean timedOut = false;
        CommandStatus last = CommandStatus.RUNNING;
        while (true) {
            boolean interruptedBefore = interrupted;
            waiter.pause(millisUntil(live.active() ? Math.min(nextStatus, nextRead) : nextStatus));
            if (cancelOverdue()) {
                return notStopped(id, last, printed, notices);
            }
            if (live.active() && System.nanoTime() >= nextRead) {
                stream(live.read(false), progress, printed);
                nextRead = System.nanoTime() + LIVE_READ_MILLIS * MILLI;
            }
            // An interrupt ends the pause: the cancelled status is then looked for at once.
            if (System.nanoTime() < nextStatus && interrupted == interruptedBefore) {
                continue;
            }
            CommandStatusResponse response;
            try {
                response = status(id, progress);
            } catch (WorkspaceUnavailableException e) {
                if (cancelOverdue()) {
                    return cancelUnconfirmed(id, printed, notices);
                }
                throw new WorkspaceUnavailableException(e.getMessage() + " The cell's command " + id + " may still "
                        + "be running on cluster " + clusterId + "; lakebook stopped waiting for its result and did "
                        + "not run it again. Once the workspace answers, the context and its variables are still "
                        + "there (`%lakebook status` shows it).", e);
            }
            last = response.getStatus();
            if (isDone(last)) {
                stream(live.read(true), progress, printed);
                return finish(response, printed, notices, timedOut);
            }
            nextStatus = System.nanoTime() + backoff.nextMillis() * MILLI;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (!timedOut && cellTimeout.filter(limit -> elapsed.compareTo(limit) > 0).isPresent()) {
                timedOut = true;
                LOG.info("Command {} passed the cell timeout; cancelling it", id);
                askedToStop();
                background.execute(() -> cancel(contextId, id));
            }
            if (elapsed.compareTo(PROGRESS_AFTER) >= 0) {
                progress.progress(progressLine(last, elapsed));
            }
        }
    }

    /**
     * The command was asked to stop and the cluster still reports it running: it hangs, and holds its context, where
     * any next cell would queue behind it. The cell ends, and the context is left (and destroyed, which ends the
     * command on Databricks) so that the notebook can go on in a fresh one.
     */
    private Execution notStopped(String id, CommandStatus last, List<Output> printed, List<Output> notices) {
        String context = contextId;
        LOG.warn("Command {} in context {} did not stop within {} of being cancelled; leaving the context", id,
                context, CellTimeout.describe(cancelWait));
        forgetContext("command " + id + " did not stop after it was cancelled");
        if (context != null) {
            Commands owner = commands;
            background.execute(() -> owner.destroyEventually(context));
        }
        return stoppedWaiting(printed, notices, "CommandNotStopped", "Command " + id + " on cluster " + clusterId
                + " did not stop within " + CellTimeout.describe(cancelWait) + " of being cancelled (the cluster "
                + "still reports it " + last + "). lakebook stopped waiting so that the notebook can go on, and left "
                + "that execution context, which the command keeps busy: variables from earlier cells are gone, and "
                + "the next cell runs in a fresh context. If commands keep hanging, restart the cluster with "
                + "`%lakebook restart`.");
    }

    /** The command was asked to stop while the workspace did not answer, so nothing is known of it. */
    private Execution cancelUnconfirmed(String id, List<Output> printed, List<Output> notices) {
        return stoppedWaiting(printed, notices, "CancelUnconfirmed", "The workspace did not answer while command "
                + id + " was being cancelled, so lakebook cannot tell whether it stopped. lakebook stopped waiting so "
                + "that the notebook can go on; the context is kept. Once the workspace answers, run the next cell: "
                + "it waits for the command if it is still running.");
    }

    private static Execution stoppedWaiting(List<Output> printed, List<Output> notices, String name,
                                            String message) {
        List<Output> outputs = new ArrayList<>(notices);
        outputs.addAll(printed);
        int streamed = outputs.size();
        outputs.add(new ErrorOutput(name, message, List.of("\u001b[0;31m" + name + "\u001b[0m: " + message)));
        return new Execution(Execution.Status.ERROR, outputs, streamed);
    }

    private static long millisUntil(long nanoTime) {
        return Math.max(0, (nanoTime - System.nanoTime() + MILLI - 1) / MILLI);
    }

    private String progressLine(CommandStatus status, Duration elapsed) {
        String doing = status == CommandStatus.CANCELLING ? "Cancelling" : "Running";
        String limit = cellTimeout.map(t -> " (timeout " + CellTimeout.describe(t) + ")").orElse("");
        return doing + " on cluster " + clusterId + ": " + elapsed.toSeconds() + " s" + limit;
    }

    private static boolean isDone(CommandStatus status) {
        return status == CommandStatus.FINISHED || status == CommandStatus.ERROR || status == CommandStatus.CANCELLED;
    }

    private static void stream(List<Output> chunks, ProgressListener progress, List<Output> printed) {
        for (Output chunk : chunks) {
            printed.add(chunk);
            if (chunk instanceof ClearOutput clear) {
                progress.clear(clear);
            } else {
                progress.output((TextOutput) chunk);
            }
        }
    }

    /**
     * The outputs in the order the user expects them: notices, what was printed (read live, so it is there even when
     * the cell raised), what the result adds to that, then values, tables, images and the error.
     */
    private Execution finish(CommandStatusResponse response, List<Output> printed, List<Output> notices,
                             boolean timedOut) {
        Execution mapped = results.map(response);
        List<Output> outputs = new ArrayList<>(notices);
        outputs.addAll(printed);
        int streamed = outputs.size();
        String shown = printed.stream().filter(TextOutput.class::isInstance).map(o -> ((TextOutput) o).text())
                .reduce("", String::concat);
        for (Output output : mapped.outputs()) {
            if (output instanceof TextOutput text && live.active() && outputs.size() == streamed) {
                // The result repeats what was printed; only text the copy missed is added.
                if (text.text().startsWith(shown) && text.text().length() > shown.length()) {
                    outputs.add(new TextOutput(text.text().substring(shown.length())));
                }
                continue;
            }
            outputs.add(output);
        }
        if (timedOut) {
            outputs.add(timeoutError());
            return new Execution(Execution.Status.ERROR, outputs, streamed);
        }
        return new Execution(mapped.status(), outputs, streamed);
    }

    private ErrorOutput timeoutError() {
        String limit = cellTimeout.map(CellTimeout::describe).orElse("the set time");
        String message = "The cell ran longer than its timeout of " + limit + " and its command was cancelled on "
                + "the cluster. Change the limit with `%lakebook timeout 30m` (or `off`), " + CellTimeout.ENV
                + ", or \"cell_timeout\" in .databricks/lakebook.json.";
        return new ErrorOutput("CellTimeout", message, List.of("\u001b[0;31mCellTimeout\u001b[0m: " + message));
    }

    private CommandStatusResponse status(String id, ProgressListener progress) throws InterruptedException {
        String doing = "read the status of command " + id;
        String context = contextId;
        try {
            return patience.read(doing, () -> workspace.commandExecution().commandStatus(clusterId, context, id),
                    progress, this::cancelOverdue);
        } catch (DatabricksException e) {
            throw lostOrFailed(e, doing, true);
        }
    }

    private ClusterDetails readCluster(ProgressListener progress) {
        String doing = "read the state of cluster " + clusterId;
        try {
            return Failures.waiting(() -> patience.read(doing, () -> workspace.clusters().get(clusterId), progress,
                    () -> closed), doing, workspace.config());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.lakebook.core.error.LakebookException("Interrupted while reading the state of cluster "
                    + clusterId + ".");
        }
    }

    /** Runs a completion or inspection script, or answers empty at once when the context is busy or absent. */
    private Optional<JsonNode> introspect(String script, String code, int cursor, int detail) {
        String context = contextId;
        if (running || context == null || closed) {
            return Optional.empty();
        }
        String command = "exec(" + Commands.pythonString(script) + ", {\"NS\": globals(), \"CODE\": "
                + Commands.pythonString(code) + ", \"CURSOR\": " + cursor + ", \"DETAIL\": " + detail + "})";
        try {
            return Optional.of(JSON.readTree(commands.run(context, command, INTROSPECTION_LIMIT).strip()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Completion or inspection failed: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A failing call on a context is either the context being gone (the cluster is no longer running, or the
     * workspace names the context in its error) or a plain failure to report.
     */
    private RuntimeException lostOrFailed(DatabricksException e, String doing, boolean cellStarted) {
        Optional<String> reason = lossReason(e);
        if (reason.isEmpty()) {
            return Failures.explain(e, doing, workspace.config());
        }
        forgetContext(reason.get());
        return new ContextLost(reason.get(), cellStarted);
    }

    private Optional<String> lossReason(DatabricksException e) {
        try {
            ClusterDetails cluster = workspace.clusters().get(clusterId);
            if (cluster.getState() != State.RUNNING && cluster.getState() != State.RESIZING) {
                return Optional.of("cluster " + ClusterStarter.describe(cluster) + " is " + cluster.getState()
                        + stateMessage(cluster));
            }
        } catch (DatabricksException ignored) {
            // The original error is the one to report.
        }
        // Only the workspace's own answer about the call counts: a failure of the connection or of the SDK's retries
        // names the request, whose query holds "contextId", and says nothing about the context.
        String detail = String.valueOf(e.getMessage());
        boolean answered = e instanceof DatabricksError error && error.getStatusCode() >= 400
                && error.getStatusCode() < 500;
        return answered && detail.toLowerCase(java.util.Locale.ROOT).contains("context")
                ? Optional.of("the workspace no longer knows the context (" + detail + ")") : Optional.empty();
    }

    private static String stateMessage(ClusterDetails cluster) {
        String message = cluster.getStateMessage();
        return message == null || message.isBlank() ? "" : " (" + message + ")";
    }

    private static String generation(ClusterDetails cluster) {
        return cluster.getStartTime() + "/" + cluster.getLastRestartedTime();
    }

    private void cancel(String context, String command) {
        if (context == null) {
            return;
        }
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

    private static Execution cancelled(List<Output> notices) {
        return new Execution(Execution.Status.CANCELLED, notices, notices.size());
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

        Execution execution(List<Output> notices) {
            String outcome = cellStarted ? "This cell may not have finished." : "This cell did not run.";
            String message = "The execution context on cluster " + clusterId + " is gone: " + reason + ". "
                    + "Variables and imports from earlier cells are lost. " + outcome + " Run it again to start a "
                    + "fresh context.";
            List<Output> outputs = new ArrayList<>(notices);
            outputs.add(new ErrorOutput("ContextLost", message, List.of("ContextLost: " + message)));
            return new Execution(Execution.Status.ERROR, outputs, notices.size());
        }
    }
}
