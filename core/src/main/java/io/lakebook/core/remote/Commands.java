package io.lakebook.core.remote;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.error.WorkspaceException;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * lakebook's own short commands (reading live output, completion, inspection): run one, wait for its printed text.
 * They never run long, so they are looked at as soon as they are sent and then every few milliseconds, and a command
 * still running after its time limit is cancelled and reported as a failure.
 */
final class Commands {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final WorkspaceClient workspace;
    private final String clusterId;
    private final Patience patience;
    private final BooleanSupplier stopped;
    private final Waiter waiter = new Waiter();

    /**
     * @param patience how context creation waits through an outage
     * @param stopped  true once the session is closed, so that no creation waits on for it
     */
    Commands(WorkspaceClient workspace, String clusterId, Patience patience, BooleanSupplier stopped) {
        this.workspace = workspace;
        this.clusterId = clusterId;
        this.patience = patience;
        this.stopped = stopped;
    }

    /** Creates a Python context and waits until it runs, through an outage of the workspace if need be. */
    String createContext(Duration limit) throws InterruptedException {
        String doing = "create an execution context on cluster " + clusterId;
        CreateContext create = new CreateContext().setClusterId(clusterId).setLanguage(Language.PYTHON);
        String id = Failures.waiting(() -> patience.send(doing, () -> workspace.commandExecution().create(create)
                .getResponse().getId(), ProgressListener.NONE, stopped), doing, workspace.config());
        long deadline = System.nanoTime() + limit.toNanos();
        Backoff backoff = Backoff.forCommands();
        while (true) {
            String reading = "read the status of execution context " + id;
            ContextStatus status = Failures.waiting(() -> patience.read(reading, () -> workspace.commandExecution()
                    .contextStatus(clusterId, id).getStatus(), ProgressListener.NONE, stopped), reading,
                    workspace.config());
            if (status == ContextStatus.RUNNING) {
                return id;
            }
            if (status == ContextStatus.ERROR || System.nanoTime() > deadline) {
                destroyQuietly(id);
                throw new LakebookException("Cluster " + clusterId + " could not create an execution context (its "
                        + "status is " + status + "). Restart the cluster from the workspace, then run the cell again.");
            }
            waiter.pause(backoff.nextMillis());
        }
    }

    /**
     * Runs {@code code} in {@code contextId} and returns what it printed.
     *
     * @throws WorkspaceException when the command fails, raises, or is not done within {@code limit}
     */
    String run(String contextId, String code, Duration limit) throws InterruptedException {
        String id = Failures.call(() -> workspace.commandExecution().execute(new Command().setClusterId(clusterId)
                .setContextId(contextId).setLanguage(Language.PYTHON).setCommand(code)).getResponse().getId(),
                "run a lakebook command on cluster " + clusterId, workspace.config());
        long deadline = System.nanoTime() + limit.toNanos();
        Backoff backoff = Backoff.forOwnCommands();
        while (true) {
            waiter.pause(backoff.nextMillis());
            CommandStatusResponse response = Failures.call(() -> workspace.commandExecution().commandStatus(
                    clusterId, contextId, id), "read the status of command " + id, workspace.config());
            if (response.getStatus() == CommandStatus.FINISHED) {
                return text(response.getResults());
            }
            if (response.getStatus() == CommandStatus.ERROR || response.getStatus() == CommandStatus.CANCELLED) {
                throw new WorkspaceException("lakebook's command " + id + " ended " + response.getStatus());
            }
            if (System.nanoTime() > deadline) {
                cancelQuietly(contextId, id);
                throw new WorkspaceException("lakebook's command " + id + " took longer than " + limit.toMillis()
                        + " ms and was cancelled");
            }
        }
    }

    /**
     * Destroys a context that lakebook gave up on, waiting through an outage of the workspace if need be, so that
     * none is left on the cluster; runs on the calling thread, which should be a background one.
     */
    void destroyEventually(String contextId) {
        String doing = "destroy execution context " + contextId;
        try {
            patience.read(doing, () -> {
                workspace.commandExecution().destroy(new DestroyContext().setClusterId(clusterId)
                        .setContextId(contextId));
                return null;
            }, ProgressListener.NONE, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Gone already (the answer is an error naming it), or the outage outlasted the wait: nothing more to do.
            org.slf4j.LoggerFactory.getLogger(Commands.class).debug("Could not {}: {}", doing, e.getMessage());
        }
    }

    void destroyQuietly(String contextId) {
        try {
            workspace.commandExecution().destroy(new DestroyContext().setClusterId(clusterId).setContextId(contextId));
        } catch (RuntimeException e) {
            // The context ends with the cluster anyway; a failed clean-up must not fail the caller.
        }
    }

    private void cancelQuietly(String contextId, String commandId) {
        try {
            workspace.commandExecution().cancel(new com.databricks.sdk.service.compute.CancelCommand()
                    .setClusterId(clusterId).setContextId(contextId).setCommandId(commandId));
        } catch (RuntimeException e) {
            // Best effort: the command is lakebook's own and short.
        }
    }

    private static String text(Results results) {
        if (results == null) {
            return "";
        }
        if (results.getResultType() == ResultType.ERROR) {
            throw new WorkspaceException("lakebook's command failed on the cluster: "
                    + ResultMapper.plainText(results.getSummary()));
        }
        return results.getData() == null ? "" : results.getData().toString();
    }

    /** A Python string literal for {@code text}: JSON string syntax is valid Python. */
    static String pythonString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
    }

    /** Reads a Python source shipped next to this class. */
    static String resource(String name) {
        try (var in = Commands.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
