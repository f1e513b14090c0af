package io.lakebook.goose.tool;

import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.CellRef;
import io.lakebook.core.notebook.NotebookFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code outputs_clear}: removes the outputs and execution counts of one cell or of all cells. */
public final class OutputsClearTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("outputs_clear", "Clear outputs",
            "Clears the saved outputs and execution count of one cell (cell_id or index), or of every cell when "
                    + "no cell is named. Sources are not touched.",
            Schema.object().string("path", true, Notebooks.PATH)
                    .string("expected_version", true, Notebooks.EXPECTED_VERSION)
                    .string("cell_id", false, Notebooks.CELL_ID + " Omit to clear every cell.")
                    .integer("index", false, 0, 100_000, Notebooks.INDEX),
            Annotations.REMOVE);

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws IOException {
        Path file = Notebooks.existing(context, args.string("path"));
        Optional<CellRef> ref = args.optionalCell();
        NotebookFiles.Changed<Integer> changed = NotebookFiles.update(file, args.string("expected_version"), notebook -> {
            List<Cell> cells = ref.map(r -> List.of(notebook.cell(r))).orElseGet(notebook::cells);
            int cleared = 0;
            for (Cell cell : cells) {
                cleared += cell.outputs().isEmpty() && cell.executionCount().isEmpty() ? 0 : 1;
                cell.clearOutputs();
            }
            return cleared;
        });
        return ToolResult.text("Cleared the outputs of " + changed.value() + " cell(s).\n"
                + Notebooks.versionLine(changed.version()))
                .structured(Notebooks.changedJson(changed.version(), changed.value() + " cells cleared"));
    }
}
