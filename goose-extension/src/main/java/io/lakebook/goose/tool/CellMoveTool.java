package io.lakebook.goose.tool;

import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.NotebookFiles;

import java.io.IOException;
import java.nio.file.Path;

/** {@code cell_move}: moves a cell to another position. */
public final class CellMoveTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("cell_move", "Move a cell",
            "Moves one cell so that it ends up at position to_index (0-based, counted after the move). Its id, "
                    + "source and outputs stay as they are.",
            Schema.object().string("path", true, Notebooks.PATH)
                    .string("expected_version", true, Notebooks.EXPECTED_VERSION)
                    .string("cell_id", false, Notebooks.CELL_ID)
                    .integer("index", false, 0, 100_000, Notebooks.INDEX)
                    .integer("to_index", true, 0, 100_000, "Where the cell ends up, 0 = first."),
            Annotations.EDIT);

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws IOException {
        Path file = Notebooks.existing(context, args.string("path"));
        NotebookFiles.Changed<String> changed = NotebookFiles.update(file, args.string("expected_version"), notebook -> {
            Cell cell = notebook.cell(args.cell());
            int from = notebook.indexOf(cell);
            notebook.move(cell, args.integer("to_index", from));
            return "cell '" + cell.id() + "' from index " + from + " to " + notebook.indexOf(cell);
        });
        return ToolResult.text("Moved " + changed.value() + ".\n" + Notebooks.versionLine(changed.version()))
                .structured(Notebooks.changedJson(changed.version(), changed.value()));
    }
}
