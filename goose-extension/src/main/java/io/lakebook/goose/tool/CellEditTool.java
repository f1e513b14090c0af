package io.lakebook.goose.tool;

import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.CellRef;
import io.lakebook.core.notebook.NotebookFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code cell_edit}: replace a cell's whole source, or find and replace text in it. */
public final class CellEditTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("cell_edit", "Edit a cell",
            "Changes one cell's source: either give source (the whole new text), or old_text and new_text to replace "
                    + "an exact piece of it (old_text must occur once, unless replace_all). Outputs stay until the "
                    + "cell runs again. In a Databricks source notebook the edited cell gets a new id, returned here.",
            Schema.object().string("path", true, Notebooks.PATH)
                    .string("expected_version", true, Notebooks.EXPECTED_VERSION)
                    .string("cell_id", false, Notebooks.CELL_ID)
                    .integer("index", false, 0, 100_000, Notebooks.INDEX)
                    .string("source", false, "The cell's whole new source. Give this, or old_text and new_text.")
                    .string("old_text", false, "Exact text to find in the cell's source.")
                    .string("new_text", false, "Text to put in place of old_text (may be empty).")
                    .bool("replace_all", "Replace every occurrence of old_text, not just a single one; default false."),
            Annotations.EDIT);

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws IOException {
        Path file = Notebooks.existing(context, args.string("path"));
        Optional<String> whole = args.optionalString("source");
        Optional<String> oldText = args.optionalString("old_text");
        if (whole.isPresent() == oldText.isPresent()) {
            throw new ToolFailure("cell_edit needs either source (the whole new text) or old_text with new_text, "
                    + "not " + (whole.isPresent() ? "both." : "neither."));
        }
        CellRef ref = args.cell();
        NotebookFiles.Changed<Integer> changed = NotebookFiles.update(file, args.string("expected_version"),
                notebook -> {
                    Cell cell = notebook.cell(ref);
                    cell.setSource(whole.orElseGet(() -> replace(cell.source(), oldText.get(),
                            args.optionalString("new_text").orElseThrow(() -> new ToolFailure("old_text needs "
                                    + "new_text (use \"\" to delete the text).")), args.bool("replace_all", false))));
                    return notebook.indexOf(cell);
                });
        String id = idAfter(file, changed);
        return ToolResult.text("Edited cell '" + id + "' (index " + changed.value() + ").\n"
                + Notebooks.versionLine(changed.version()))
                .structured(Notebooks.changedJson(changed.version(), "cell " + id).put("cell_id", id));
    }

    /** The edited cell's id as the saved file gives it: a source notebook derives ids from the text. */
    private static String idAfter(Path file, NotebookFiles.Changed<Integer> changed) throws IOException {
        NotebookFiles.Snapshot after = NotebookFiles.read(file);
        if (!after.version().equals(changed.version())) {
            return "(changed again since; read the notebook)";
        }
        return after.notebook().cells().get(changed.value()).id();
    }

    private static String replace(String source, String oldText, String newText, boolean all) {
        if (oldText.isEmpty()) {
            throw new ToolFailure("old_text is empty; give the exact text to replace, or use source for the whole cell.");
        }
        int count = count(source, oldText);
        if (count == 0) {
            throw new ToolFailure("old_text does not occur in the cell. Its source is:\n" + Notebooks.quote(source,
                    2_000) + "\nCopy the text exactly (spaces and line breaks count), or use source to replace it all.");
        }
        if (count > 1 && !all) {
            throw new ToolFailure("old_text occurs " + count + " times in the cell. Include more surrounding text "
                    + "to make it unique, or set replace_all to true.");
        }
        return all ? source.replace(oldText, newText) : source.replaceFirst(java.util.regex.Pattern.quote(oldText),
                java.util.regex.Matcher.quoteReplacement(newText));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
