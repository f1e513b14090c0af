package io.lakebook.goose.tool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.Notebook;
import io.lakebook.core.notebook.NotebookFiles;
import io.lakebook.goose.render.Pieces;

import java.io.IOException;
import java.util.List;

/** {@code notebook_read}: a page of a notebook's cells, with ids, sources and short output summaries. */
public final class NotebookReadTool implements Tool {

    /** A cell's source beyond this is cut here; cell_read gives all of it. */
    static final int SOURCE_CAP = 3_000;

    private static final ToolSpec SPEC = new ToolSpec("notebook_read", "Read a notebook",
            "Reads a notebook: its version (needed for every change), and for each cell its id, type, execution count, "
                    + "source and a one-line summary of its outputs. Pages through long notebooks with start and "
                    + "limit. Use cell_read for one cell's full source and outputs.",
            Schema.object().string("path", true, Notebooks.PATH)
                    .integer("start", false, 0, 100_000, "Index of the first cell to show; default 0.")
                    .integer("limit", false, 1, 200, "How many cells to show; default 30."),
            Annotations.READ_LOCAL);

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws IOException {
        NotebookFiles.Snapshot snapshot = Notebooks.read(context, args.string("path"));
        Notebook notebook = snapshot.notebook();
        int start = Math.min(args.integer("start", 0), notebook.size());
        int end = Math.min(notebook.size(), start + args.integer("limit", 30));
        StringBuilder text = new StringBuilder(header(context, args.string("path"), snapshot, start, end));
        ArrayNode cells = JsonNodeFactory.instance.arrayNode();
        List<Cell> all = notebook.cells();
        for (int i = start; i < end; i++) {
            text.append('\n').append(cellText(i, all.get(i)));
            cells.add(cellJson(i, all.get(i)));
        }
        if (end < notebook.size()) {
            text.append("\n\n").append(notebook.size() - end).append(" more cells: call notebook_read with start=")
                    .append(end).append('.');
        }
        ObjectNode structured = JsonNodeFactory.instance.objectNode().put("version", snapshot.version())
                .put("format", notebook.format().name().toLowerCase(java.util.Locale.ROOT))
                .put("cell_count", notebook.size());
        structured.set("cells", cells);
        return ToolResult.text(text.toString()).structured(structured);
    }

    private static String header(CallContext context, String path, NotebookFiles.Snapshot snapshot, int start,
                                 int end) throws IOException {
        Notebook notebook = snapshot.notebook();
        String shown = notebook.size() == 0 ? "no cells" : notebook.size() + " cells, showing " + start + " to "
                + (end - 1);
        String format = notebook.storesOutputs() ? "ipynb" : "Databricks source notebook (no stored outputs)";
        return context.paths().display(Notebooks.existing(context, path)) + ": version " + snapshot.version() + ", "
                + format + ", language " + notebook.language() + ", " + shown + ".";
    }

    private static String cellText(int index, Cell cell) {
        StringBuilder text = new StringBuilder("\n[" + index + "] id=" + cell.id() + " " + cell.type().wireName());
        cell.executionCount().ifPresent(count -> text.append(" exec=").append(count));
        if (!cell.outputs().isEmpty()) {
            text.append(" outputs: ").append(Pieces.summary(cell.outputs()));
        }
        String source = cell.source();
        String shown = source.length() <= SOURCE_CAP ? source : source.substring(0, SOURCE_CAP)
                + "\n[… source cut at " + SOURCE_CAP + " of " + source.length() + " characters; cell_read shows all]";
        return text.append('\n').append(shown.isEmpty() ? "(empty)" : shown).toString();
    }

    /** The structured twin of {@link #cellText}, cut at the same place: the whole source is cell_read's. */
    private static ObjectNode cellJson(int index, Cell cell) {
        String source = cell.source();
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("index", index).put("id", cell.id())
                .put("cell_type", cell.type().wireName())
                .put("source", source.length() <= SOURCE_CAP ? source : source.substring(0, SOURCE_CAP));
        if (source.length() > SOURCE_CAP) {
            json.put("source_cut", true).put("source_length", source.length());
        }
        cell.executionCount().ifPresentOrElse(count -> json.put("execution_count", count),
                () -> json.putNull("execution_count"));
        json.put("outputs", Pieces.summary(cell.outputs()));
        return json;
    }
}
