package io.lakebook.contract;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.catalog.ListSchemasRequest;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.service.workspace.Delete;

import java.time.Duration;

/**
 * The clean-up's steps, each removing one thing a run made and checking that it is gone; true when there was
 * something to remove. They throw when it is not gone, and {@link CleanUp} turns that into the line saying what the
 * user must remove by hand.
 */
final class Removals {

    private static final Duration CANCEL_WAIT = Duration.ofSeconds(20);
    private static final Duration DROP_WAIT = Duration.ofMinutes(5);

    private final WorkspaceClient workspace;

    Removals(WorkspaceClient workspace) {
        this.workspace = workspace;
    }

    /** Cancelling may silently fail or come too late (reference §6.5): the state is read until it is final. */
    boolean cancelIfRunning(String statementId) throws InterruptedException {
        StatementResponse response = workspace.statementExecution().getStatement(statementId);
        if (Target.ended(response)) {
            return false;
        }
        workspace.statementExecution().cancelExecution(new CancelExecutionRequest().setStatementId(statementId));
        response = until(statementId, response, CANCEL_WAIT);
        Expect.that(Target.ended(response), "statement " + statementId + " is still "
                + response.getStatus().getState() + " " + CANCEL_WAIT.toSeconds() + " s after the cancel");
        return true;
    }

    boolean destroyContext(String cluster, String contextId) {
        workspace.commandExecution().destroy(new DestroyContext().setClusterId(cluster).setContextId(contextId));
        return true;
    }

    boolean deleteFolder(String path) {
        workspace.workspace().delete(new Delete().setPath(path).setRecursive(true));
        Expect.fails(ResourceDoesNotExist.class, () -> workspace.workspace().getStatus(path),
                "the folder after deleting it");
        return true;
    }

    boolean dropSchema(String name, String warehouseId) throws InterruptedException {
        // IF EXISTS: a run stopped while it made the schema may not have made it.
        StatementResponse dropped = workspace.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(warehouseId).setStatement("DROP SCHEMA IF EXISTS " + Target.quoted(name)
                        + " CASCADE").setWaitTimeout("0s"));
        dropped = until(dropped.getStatementId(), dropped, DROP_WAIT);
        Expect.equal(StatementState.SUCCEEDED, dropped.getStatus().getState(), "DROP SCHEMA ("
                + Target.errorOf(dropped) + ")");
        String catalog = name.substring(0, name.indexOf('.'));
        for (var schema : workspace.schemas().list(new ListSchemasRequest().setCatalogName(catalog))) {
            Expect.that(!name.equals(schema.getFullName()), "schema " + name + " is still listed");
        }
        return true;
    }

    boolean terminate(String clusterId) {
        // Only asked for: terminating takes minutes on a workspace, and the run need not wait for it.
        workspace.clusters().delete(clusterId);
        State state = workspace.clusters().get(clusterId).getState();
        Expect.that(state == State.TERMINATING || state == State.TERMINATED, "cluster " + clusterId + " is "
                + state + " after the terminate");
        return true;
    }

    private StatementResponse until(String statementId, StatementResponse first, Duration wait)
            throws InterruptedException {
        StatementResponse response = first;
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 50;
        while (!Target.ended(response) && System.nanoTime() < deadline) {
            Thread.sleep(pause);
            pause = Math.min(1000, pause * 2);
            response = workspace.statementExecution().getStatement(statementId);
        }
        return response;
    }
}
