package io.lakebook.core.remote;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.State;
import io.lakebook.core.error.ClusterUnavailableException;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Makes sure a cluster runs: starts it when TERMINATED, waits through PENDING, RESTARTING or TERMINATING, and says
 * what it is waiting for. A cluster in ERROR is reported with its own state message.
 */
final class ClusterStarter {

    private final WorkspaceClient workspace;
    private final Waiter waiter;
    private final Duration timeout;
    private final Patience patience;

    ClusterStarter(WorkspaceClient workspace, Waiter waiter, Duration timeout, Patience patience) {
        this.workspace = workspace;
        this.waiter = waiter;
        this.timeout = timeout;
        this.patience = patience;
    }

    /**
     * Returns once the cluster is RUNNING (or RESIZING, which runs code too).
     *
     * @return false when {@code cancelled} turned true while waiting
     */
    boolean ensureRunning(String clusterId, ProgressListener progress, BooleanSupplier cancelled)
            throws InterruptedException {
        long started = System.nanoTime();
        Backoff backoff = Backoff.forClusters();
        boolean startRequested = false;
        String reading = "read the state of cluster " + clusterId;
        while (!cancelled.getAsBoolean()) {
            ClusterDetails cluster = Failures.waiting(() -> patience.read(reading, () -> workspace.clusters()
                    .get(clusterId), progress, cancelled), reading, workspace.config());
            State state = cluster.getState();
            if (state == State.RUNNING || state == State.RESIZING) {
                return true;
            }
            if (state == State.TERMINATED && !startRequested) {
                start(clusterId, progress, cancelled);
                startRequested = true;
                continue;
            }
            failIfUnusable(cluster, state);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            if (waited.compareTo(timeout) > 0) {
                throw new ClusterUnavailableException("Cluster " + describe(cluster) + " is still " + state
                        + " after " + waited.toMinutes() + " minutes. Check it in the workspace's Compute page, or "
                        + "run the cell again to keep waiting.");
            }
            progress.progress(progressLine(cluster, state, waited));
            waiter.pause(backoff.nextMillis());
        }
        return false;
    }

    private void start(String clusterId, ProgressListener progress, BooleanSupplier cancelled)
            throws InterruptedException {
        String doing = "start cluster " + clusterId;
        try {
            patience.send(doing, () -> workspace.clusters().start(clusterId), progress, cancelled);
        } catch (DatabricksError e) {
            // Someone else may have started it between our read and our call; the next read tells.
            if (!"INVALID_STATE".equals(e.getErrorCode())) {
                throw Failures.explain(e, doing, workspace.config());
            }
        } catch (com.databricks.sdk.core.DatabricksException e) {
            throw Failures.explain(e, doing, workspace.config());
        }
    }

    private static void failIfUnusable(ClusterDetails cluster, State state) {
        if (state == State.ERROR || state == State.UNKNOWN || state == null) {
            String message = cluster.getStateMessage() == null || cluster.getStateMessage().isBlank() ? ""
                    : ": " + cluster.getStateMessage();
            throw new ClusterUnavailableException("Cluster " + describe(cluster) + " is in state " + state + message
                    + ". It cannot run code until it is fixed: ask your workspace admin, or choose another cluster "
                    + "(DATABRICKS_CLUSTER_ID, the project file's cluster_id, or cluster_id in your profile).");
        }
    }

    private static String progressLine(ClusterDetails cluster, State state, Duration waited) {
        String message = cluster.getStateMessage() == null || cluster.getStateMessage().isBlank() ? ""
                : " (" + cluster.getStateMessage() + ")";
        return "Cluster " + describe(cluster) + " is " + state + message + ", waiting for it to run: "
                + waited.toSeconds() + " s";
    }

    static String describe(ClusterDetails cluster) {
        String name = cluster.getClusterName();
        return name == null || name.isBlank() ? cluster.getClusterId() : "'" + name + "' (" + cluster.getClusterId()
                + ")";
    }
}
