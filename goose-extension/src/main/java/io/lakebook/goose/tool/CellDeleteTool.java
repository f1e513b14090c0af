package io.lakebook.goose.tool;

import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.NotebookFiles;

import java.io.IOException;
import java.nio.file.Path;

/** {@code cell_delete}: removes a cell and returns what it held, so the deletion can be undone by inserting it. */
public final class CellDeleteTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("cell_delete", "Delete a cell",
            "Deletes one cell (with its outputs) and returns its type and source, so it can be put back with "
                    + "cell_insert.",
            Schema.object().string("path", true, Notebooks.PATH)
                    .string("expected_version", true, Notebooks.EXPECTED_VERSION)
                    .string("cell_id", false, Notebooks.CELL_ID)
                    .integer("index", false, 0, 100_000, Notebooks.INDEX),
            Annotations.REMOVE);

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws IOException {
        Path file = Notebooks.existing(context, args.string("path"));
        NotebookFiles.Changed<String> changed = NotebookFiles.update(file, args.string("expected_version"), notebook -> {
            Cell cell = notebook.cell(args.cell());
            String description = Notebooks.describe(notebook, cell);
            notebook.remove(cell);
            return description + " with source:\n" + cell.source();
        });
        return ToolResult.text("Deleted " + changed.value() + "\n" + Notebooks.versionLine(changed.version()))
                .structured(Notebooks.changedJson(changed.version(), "deleted"));
    }
}
