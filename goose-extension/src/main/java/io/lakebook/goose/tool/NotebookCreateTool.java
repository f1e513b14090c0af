package io.lakebook.goose.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.CellType;
import io.lakebook.core.notebook.Notebook;
import io.lakebook.core.notebook.NotebookFiles;
import io.lakebook.core.notebook.NotebookFormat;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code notebook_create}: a new notebook, optionally with cells; never replaces an existing file. */
public final class NotebookCreateTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("notebook_create", "Create a notebook",
            "Creates a new notebook for the Databricks kernel: .ipynb (Jupyter) or .py (Databricks source notebook), "
                    + "chosen by the file name. Optionally with first cells. Fails if the file exists.",
            Schema.object().string("path", true, "Path of the new notebook, ending in .ipynb or .py, inside the "
                            + "project; missing folders are created.")
                    .array("cells", false, cellItem(), "Cells to start with, in order; each {cell_type, source}."),
            Annotations.EDIT);

    private static ObjectNode cellItem() {
        ObjectNode item = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode properties = item.putObject("properties");
        properties.putObject("cell_type").put("type", "string").put("description", "code, markdown or raw")
                .putArray("enum").add("code").add("markdown").add("raw");
        properties.putObject("source").put("type", "string").put("description", "The cell's text");
        item.putArray("required").add("source");
        return item;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws IOException {
        Path file = context.paths().resolve(args.string("path"));
        NotebookFormat format = NotebookFormat.forNewFile(file).orElseThrow(() -> new ToolFailure("A notebook's "
                + "name must end in .ipynb (Jupyter) or .py (Databricks source notebook), not '"
                + file.getFileName() + "'."));
        if (Files.exists(file)) {
            throw new ToolFailure(context.paths().display(file) + " already exists; lakebook does not replace files. "
                    + "Choose another name, or read it with notebook_read and edit it with the cell_* tools.");
        }
        Notebook notebook = Notebook.empty(format);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : args.array("cells").orElse(JsonNodeFactory.instance.arrayNode())) {
            Cell cell = notebook.insert(notebook.size(), cellType(item), source(item));
            ids.add(cell.id());
        }
        String version;
        try {
            version = NotebookFiles.create(file, notebook);
        } catch (FileAlreadyExistsException e) {
            throw new ToolFailure(context.paths().display(file) + " was created by someone else just now; read it "
                    + "with notebook_read.");
        }
        ArrayNode idJson = JsonNodeFactory.instance.arrayNode();
        ids.forEach(idJson::add);
        ObjectNode structured = JsonNodeFactory.instance.objectNode().put("path", context.paths().display(file))
                .put("version", version);
        structured.set("cell_ids", idJson);
        return ToolResult.text("Created " + context.paths().display(file) + " with " + ids.size() + " cell(s)"
                + (ids.isEmpty() ? "" : ", ids " + String.join(", ", ids)) + ".\n" + Notebooks.versionLine(version))
                .structured(structured);
    }

    private static CellType cellType(JsonNode item) {
        String name = item.path("cell_type").asText("code");
        return CellType.parse(name).orElseThrow(() -> new ToolFailure("cell_type must be code, markdown or raw, not '"
                + name + "'."));
    }

    private static String source(JsonNode item) {
        if (!item.path("source").isTextual()) {
            throw new ToolFailure("Each cell needs a source string, e.g. {\"cell_type\": \"code\", \"source\": "
                    + "\"print(1)\"}; got " + item + ".");
        }
        return item.path("source").asText();
    }
}
