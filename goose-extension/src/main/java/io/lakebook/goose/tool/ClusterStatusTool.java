package io.lakebook.goose.tool;

import io.lakebook.core.remote.ClusterControl;
import io.lakebook.core.remote.ClusterControl.ClusterState;

import java.nio.file.Path;
import java.util.Optional;

/** {@code cluster_status}: the state of the cluster notebooks run on. */
public final class ClusterStatusTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("cluster_status", "Cluster status",
            "Shows the Databricks cluster that notebooks run on: id, name and state (RUNNING, PENDING, TERMINATED, "
                    + "…). With path, the cluster configured for that notebook's folder.",
            Schema.object().string("path", false, "A notebook whose settings to use; default: the working directory's."),
            Annotations.READ_REMOTE);

    private final Workbench workbench;

    public ClusterStatusTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        ClusterState state = control(workbench, args, context).status();
        String advice = state.running() ? "It runs code now." : state.state().equals("TERMINATED")
                ? "It is stopped; cluster_start starts it (a few minutes), or the next run starts it." : "";
        return ToolResult.text(line(state) + " " + advice);
    }

    static ClusterControl control(Workbench workbench, Arguments args, CallContext context) throws Exception {
        Optional<String> path = args.optionalString("path").filter(p -> !p.isBlank());
        Path directory = path.isPresent() ? Notebooks.existing(context, path.get()).getParent()
                : context.paths().base();
        return ClusterControl.open(directory, workbench.env());
    }

    static String line(ClusterState state) {
        String name = state.name().isBlank() ? "" : " '" + state.name() + "'";
        String message = state.stateMessage().isBlank() ? "" : " (" + state.stateMessage() + ")";
        return "Cluster" + name + " (" + state.clusterId() + ") is " + state.state() + message + ".";
    }
}
