package io.lakebook.goose.tool;

import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.CellRef;
import io.lakebook.core.notebook.Notebook;
import io.lakebook.core.notebook.NotebookFiles;
import io.lakebook.goose.render.OutputView;
import io.lakebook.goose.render.Piece;
import io.lakebook.goose.render.Pieces;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@code cell_read}: one cell in full, with its outputs sized for a model, and paging through long outputs. */
public final class CellReadTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("cell_read", "Read one cell",
            "Reads one cell: its full source and its saved outputs. Long outputs are cut with a marker that gives the "
                    + "offset to read on from; pass that offset to read the next part. Images come as image content.",
            Schema.object().string("path", true, Notebooks.PATH)
                    .string("cell_id", false, Notebooks.CELL_ID)
                    .integer("index", false, 0, 100_000, Notebooks.INDEX)
                    .integer("offset", false, 0, Integer.MAX_VALUE, "Read the outputs' text from this character "
                            + "offset, as a truncation marker says; omit for the normal view."),
            Annotations.READ_LOCAL);

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws IOException {
        String path = args.string("path");
        NotebookFiles.Snapshot snapshot = Notebooks.read(context, path);
        Notebook notebook = snapshot.notebook();
        Cell cell = notebook.cell(args.cell());
        List<Piece> pieces = Pieces.ofNbformat(cell.outputs());
        String display = context.paths().display(Notebooks.existing(context, path));
        java.util.function.IntFunction<String> readMore = offset -> "cell_read(path=\"" + display + "\", cell_id=\""
                + cell.id() + "\", offset=" + offset + ")";
        Optional<Integer> offset = args.optionalInt("offset");
        if (offset.isPresent()) {
            return ToolResult.text("Outputs of " + Notebooks.describe(notebook, cell) + " from offset " + offset.get()
                    + ":\n" + OutputView.window(pieces, offset.get(), readMore));
        }
        StringBuilder text = new StringBuilder(Notebooks.describe(notebook, cell) + " of " + display + ", version "
                + snapshot.version());
        cell.executionCount().ifPresent(count -> text.append(", execution count ").append(count));
        text.append("\n--- source ---\n").append(cell.source());
        if (!pieces.isEmpty()) {
            text.append("\n--- outputs ---\n").append(OutputView.capped(pieces, OutputView.PER_CALL, readMore));
        } else if (cell.type() == io.lakebook.core.notebook.CellType.CODE) {
            text.append(notebook.storesOutputs() ? "\n(no saved outputs)" : "\n(source notebooks keep no outputs)");
        }
        ToolResult result = ToolResult.text(text.toString());
        OutputView.images(pieces).forEach(result::image);
        return result;
    }
}
