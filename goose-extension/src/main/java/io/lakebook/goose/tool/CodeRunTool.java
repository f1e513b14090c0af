package io.lakebook.goose.tool;

import io.lakebook.goose.run.Run;

import java.nio.file.Path;
import java.util.Optional;

/** {@code code_run}: scratch code in a notebook's context, not saved anywhere. */
public final class CodeRunTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("code_run", "Run scratch code on the cluster",
            "Runs Python code on the Databricks cluster without saving it: in the execution context of the notebook "
                    + "at path (so it sees that notebook's variables), or in a scratch context of the project when "
                    + "no path is given. Good for inspecting data (df.printSchema(), df.count()) before editing cells. "
                    + "Long runs return a handle for run_poll and run_cancel.",
            Schema.object().string("code", true, "Python code to run; the value of the last expression is shown.")
                    .string("path", false, "Notebook whose context to use; omit for the project's scratch context.")
                    .integer("wait_seconds", false, 0, NotebookRunTool.MAX_WAIT, "How long to wait for the result "
                            + "before answering with a handle; default " + NotebookRunTool.DEFAULT_WAIT + "."),
            Annotations.RUN);

    private final Workbench workbench;

    public CodeRunTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        String code = args.string("code");
        if (code.isBlank()) {
            throw new ToolFailure("code is empty; give the Python code to run.");
        }
        Optional<String> path = args.optionalString("path").filter(p -> !p.isBlank());
        Path key = path.isPresent() ? Notebooks.existing(context, path.get()) : context.paths().root();
        Path directory = path.isPresent() ? key.getParent() : context.paths().base();
        String where = path.map(p -> "context of " + p).orElse("scratch context");
        Run run = workbench.runs().startCode(key, directory, "code_run in the " + where, code);
        RunReport.await(run, args.integer("wait_seconds", NotebookRunTool.DEFAULT_WAIT), context);
        return RunReport.of(run, context);
    }
}
