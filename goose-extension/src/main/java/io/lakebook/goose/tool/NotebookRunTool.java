package io.lakebook.goose.tool;

import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.CellRef;
import io.lakebook.core.notebook.CellType;
import io.lakebook.core.notebook.Notebook;
import io.lakebook.core.notebook.NotebookFiles;
import io.lakebook.goose.run.Run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code notebook_run}: runs one cell, a range, or the whole notebook on the cluster. */
public final class NotebookRunTool implements Tool {

    static final int DEFAULT_WAIT = 20;
    static final int MAX_WAIT = 120;

    private static final ToolSpec SPEC = new ToolSpec("notebook_run", "Run notebook cells on the cluster",
            "Runs code cells on the Databricks cluster in the notebook's own execution context (variables persist "
                    + "between runs), and saves outputs and execution counts into the notebook. Runs one cell "
                    + "(cell_id or index), a range (from_cell_id/to_cell_id or start_index/end_index, inclusive) or "
                    + "all code cells. Stops at the first error unless stop_on_error is false, and says which cell "
                    + "failed and why. If the run takes longer than wait_seconds it goes on in the background and "
                    + "you get a handle for run_poll and run_cancel. Starting a stopped cluster takes minutes.",
            Schema.object().string("path", true, Notebooks.PATH)
                    .string("cell_id", false, "Run only this cell.")
                    .integer("index", false, 0, 100_000, "Run only the cell at this position (when no cell_id).")
                    .string("from_cell_id", false, "First cell of a range to run.")
                    .string("to_cell_id", false, "Last cell of a range to run (inclusive).")
                    .integer("start_index", false, 0, 100_000, "First position of a range (when no from_cell_id).")
                    .integer("end_index", false, 0, 100_000, "Last position of a range, inclusive (when no "
                            + "to_cell_id).")
                    .bool("stop_on_error", "Stop at the first failing cell; default true.")
                    .integer("wait_seconds", false, 0, MAX_WAIT, "How long to wait for the result before answering "
                            + "with a handle; default " + DEFAULT_WAIT + "."),
            Annotations.RUN);

    private final Workbench workbench;

    public NotebookRunTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        Path file = Notebooks.existing(context, args.string("path"));
        Notebook notebook = NotebookFiles.read(file).notebook();
        List<Cell> selected = select(notebook, args);
        List<String> ids = selected.stream().filter(c -> c.type() == CellType.CODE && !c.source().isBlank())
                .map(Cell::id).toList();
        if (ids.isEmpty()) {
            throw new ToolFailure("There is no code to run in the cells chosen (" + selected.size() + " cell(s), none "
                    + "a non-empty code cell).");
        }
        String title = "notebook_run " + context.paths().display(file) + ", " + ids.size() + " cell(s)";
        Run run = workbench.runs().startCells(file, title, ids, args.bool("stop_on_error", true));
        RunReport.await(run, args.integer("wait_seconds", DEFAULT_WAIT), context);
        return RunReport.of(run, context);
    }

    private static List<Cell> select(Notebook notebook, Arguments args) {
        Optional<CellRef> one = args.optionalCell();
        if (one.isPresent()) {
            return List.of(notebook.cell(one.get()));
        }
        List<Cell> cells = notebook.cells();
        int from = args.optionalString("from_cell_id").map(id -> notebook.indexOf(notebook.cell(CellRef.id(id))))
                .orElseGet(() -> args.integer("start_index", 0));
        int to = args.optionalString("to_cell_id").map(id -> notebook.indexOf(notebook.cell(CellRef.id(id))))
                .orElseGet(() -> args.integer("end_index", cells.size() - 1));
        if (cells.isEmpty()) {
            throw new ToolFailure("The notebook has no cells. Add some with cell_insert.");
        }
        if (from > to || to >= cells.size()) {
            throw new ToolFailure("The range " + from + " to " + to + " is not within the notebook's " + cells.size()
                    + " cells (0 to " + (cells.size() - 1) + ").");
        }
        return cells.subList(from, to + 1);
    }
}
