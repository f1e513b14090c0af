package io.lakebook.core.remote;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.compute.ClusterDetails;
import io.lakebook.core.config.Settings;

import java.nio.file.Path;
import java.util.Map;

/**
 * The configured cluster, for front ends that show its state or start it without running code (the MCP server's
 * {@code cluster_status} and {@code cluster_start}). Starting does not wait: the first command waits, with progress.
 */
public final class ClusterControl {

    /** A cluster's state as the workspace reports it. */
    public record ClusterState(String clusterId, String name, String state, String stateMessage) {
        /** True when it runs code now. */
        public boolean running() {
            return state.equals("RUNNING") || state.equals("RESIZING");
        }
    }

    private final WorkspaceClient workspace;
    private final String clusterId;

    private ClusterControl(WorkspaceClient workspace, String clusterId) {
        this.workspace = workspace;
        this.clusterId = clusterId;
    }

    /** The cluster the settings for {@code workingDirectory} name (see {@link Settings}). */
    public static ClusterControl open(Path workingDirectory, Map<String, String> env) {
        Settings settings = Settings.load(workingDirectory, env);
        return new ClusterControl(Workspaces.connect(settings), settings.clusterId());
    }

    public ClusterState status() {
        ClusterDetails cluster = Failures.call(() -> workspace.clusters().get(clusterId),
                "read the state of cluster " + clusterId, workspace.config());
        return new ClusterState(clusterId, cluster.getClusterName() == null ? "" : cluster.getClusterName(),
                String.valueOf(cluster.getState()), cluster.getStateMessage() == null ? "" : cluster.getStateMessage());
    }

    /**
     * Asks the workspace to start the cluster if it is terminated, and returns its state after asking.
     */
    public ClusterState start() {
        ClusterState before = status();
        if (!before.state().equals("TERMINATED")) {
            return before;
        }
        try {
            workspace.clusters().start(clusterId);
        } catch (DatabricksError e) {
            // Someone else may have started it between our read and our call; the state read next tells.
            if (!"INVALID_STATE".equals(e.getErrorCode())) {
                throw Failures.explain(e, "start cluster " + clusterId, workspace.config());
            }
        }
        return status();
    }
}
