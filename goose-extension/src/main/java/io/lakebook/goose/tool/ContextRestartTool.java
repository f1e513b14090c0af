package io.lakebook.goose.tool;

import java.nio.file.Path;
import java.util.Optional;

/** {@code context_restart}: a fresh execution context for a notebook. */
public final class ContextRestartTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("context_restart", "Restart a notebook's context",
            "Ends the notebook's execution context on the cluster, so the next run starts fresh: all variables and "
                    + "imports are gone, as after restarting a Jupyter kernel. Without path, restarts the scratch "
                    + "context of code_run.",
            Schema.object().string("path", false, "Notebook whose context to restart; omit for the scratch context."),
            Annotations.RUN);

    private final Workbench workbench;

    public ContextRestartTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        Optional<String> path = args.optionalString("path").filter(p -> !p.isBlank());
        Path key = path.isPresent() ? Notebooks.existing(context, path.get()) : context.paths().root();
        String what = path.map(p -> "The context of " + p).orElse("The scratch context");
        boolean had = workbench.runs().contexts().restart(key);
        return ToolResult.text(had ? what + " was ended; the next run starts a fresh one."
                : what + " had not started yet; the next run starts a fresh one.");
    }
}
