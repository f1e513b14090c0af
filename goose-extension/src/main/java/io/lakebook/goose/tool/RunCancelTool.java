package io.lakebook.goose.tool;

import io.lakebook.goose.run.Run;

import java.time.Duration;

/** {@code run_cancel}: stops a run; the context and its variables stay. */
public final class RunCancelTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("run_cancel", "Stop a run",
            "Stops a run: cancels the command running on the cluster and starts no further cell. The notebook's "
                    + "context keeps its variables. Cells that finished keep their saved outputs.",
            Schema.object().string("handle", true, "The run's handle, e.g. run-1a2b3c."),
            Annotations.RUN);

    private final Workbench workbench;

    public RunCancelTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        Run run = RunPollTool.find(workbench, args.string("handle"));
        if (run.isDone()) {
            return RunReport.of(run, context);
        }
        run.cancel();
        if (!run.await(Duration.ofSeconds(15))) {
            return ToolResult.text("Asked the cluster to cancel run " + run.handle() + "; it has not stopped yet. "
                    + "Check with run_poll(handle=\"" + run.handle() + "\").");
        }
        return RunReport.of(run, context);
    }
}
