package io.lakebook.goose.tool;

import io.lakebook.core.remote.ClusterControl.ClusterState;

/** {@code cluster_start}: asks the workspace to start the cluster, without waiting for it. */
public final class ClusterStartTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("cluster_start", "Start the cluster",
            "Starts the Databricks cluster if it is stopped, and returns at once: starting takes a few minutes. "
                    + "Check with cluster_status; runs started meanwhile wait for it. A started cluster costs money "
                    + "until it stops itself.",
            Schema.object().string("path", false, "A notebook whose settings to use; default: the working directory's."),
            new Annotations(false, false, true, true));

    private final Workbench workbench;

    public ClusterStartTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        ClusterState state = ClusterStatusTool.control(workbench, args, context).start();
        String advice = state.running() ? "It already runs." : "Starting takes a few minutes; check with "
                + "cluster_status.";
        return ToolResult.text(ClusterStatusTool.line(state) + " " + advice);
    }
}
