package io.lakebook.goose.tool;

import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.CellRef;
import io.lakebook.core.notebook.CellType;
import io.lakebook.core.notebook.Notebook;
import io.lakebook.core.notebook.NotebookFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code cell_insert}: a new cell at a position or after a named cell. */
public final class CellInsertTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("cell_insert", "Insert a cell",
            "Inserts a new cell, after the cell after_cell_id or at position index (at the end when neither is "
                    + "given). Returns the new cell's id and the notebook's new version.",
            Schema.object().string("path", true, Notebooks.PATH)
                    .string("expected_version", true, Notebooks.EXPECTED_VERSION)
                    .string("source", true, "The new cell's text.")
                    .choice("cell_type", false, "code (default), markdown or raw.", "code", "markdown", "raw")
                    .string("after_cell_id", false, "Insert right after this cell (by id).")
                    .integer("index", false, 0, 100_000, "Insert at this 0-based position (0 = first); used when "
                            + "after_cell_id is not given."),
            Annotations.EDIT);

    private record Placed(String id, String description) {
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws IOException {
        Path file = Notebooks.existing(context, args.string("path"));
        CellType type = CellType.parse(args.optionalString("cell_type").orElse("code")).orElseThrow();
        Optional<String> after = args.optionalString("after_cell_id").filter(s -> !s.isBlank());
        NotebookFiles.Changed<Placed> changed = NotebookFiles.update(file, args.string("expected_version"), notebook -> {
            int index = after.map(id -> notebook.indexOf(notebook.cell(CellRef.id(id))) + 1)
                    .orElseGet(() -> args.integer("index", notebook.size()));
            Cell cell = notebook.insert(index, type, args.string("source"));
            return new Placed(cell.id(), Notebooks.describe(notebook, cell));
        });
        return ToolResult.text("Inserted " + changed.value().description() + ".\n"
                + Notebooks.versionLine(changed.version()))
                .structured(Notebooks.changedJson(changed.version(), changed.value().description())
                        .put("cell_id", changed.value().id()));
    }
}
