package io.lakebook.goose.tool;

import io.lakebook.goose.run.Run;
import io.lakebook.goose.run.Step;

import java.util.Optional;

/** {@code run_poll}: waits a bounded time for a run and reports it; pages through its outputs. */
public final class RunPollTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("run_poll", "Check on a run",
            "Waits up to wait_seconds for a run started by notebook_run or code_run, then reports it: still running "
                    + "(with progress), or finished with each cell's status and outputs. With offset (and cell_id "
                    + "for a notebook run) it reads a long output from that offset, as a truncation marker says.",
            Schema.object().string("handle", true, "The run's handle, e.g. run-1a2b3c.")
                    .integer("wait_seconds", false, 0, NotebookRunTool.MAX_WAIT, "How long to wait for the run to "
                            + "end before answering; default 30.")
                    .string("cell_id", false, "With offset: the cell whose output to read.")
                    .integer("offset", false, 0, Integer.MAX_VALUE, "Read output text from this character offset."),
            Annotations.READ_REMOTE);

    private final Workbench workbench;

    public RunPollTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        Run run = find(workbench, args.string("handle"));
        Optional<Integer> offset = args.optionalInt("offset");
        if (offset.isPresent()) {
            Optional<String> cellId = args.optionalString("cell_id");
            Step step = run.steps().stream().filter(s -> cellId.map(id -> id.equals(s.cellId())).orElse(true))
                    .reduce((first, second) -> cellId.isPresent() ? first : second)
                    .orElseThrow(() -> new ToolFailure("Run " + run.handle() + " has no output for "
                            + cellId.map(id -> "cell '" + id + "'").orElse("any cell") + " yet."));
            return RunReport.window(run, step, offset.get(), context);
        }
        RunReport.await(run, args.integer("wait_seconds", 30), context);
        return RunReport.of(run, context);
    }

    static Run find(Workbench workbench, String handle) {
        return workbench.runs().find(handle).orElseThrow(() -> new ToolFailure("No run has handle '" + handle
                + "'. Handles come from notebook_run and code_run; only the last runs are kept."));
    }
}
