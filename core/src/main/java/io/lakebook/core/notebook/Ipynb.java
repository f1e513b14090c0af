package io.lakebook.core.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.LargeJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and writes Jupyter's {@code .ipynb} JSON (nbformat 4), laid out as Jupyter itself writes it. */
final class Ipynb {

    private static final ObjectMapper JSON = LargeJson.mapper();
    /** nbformat 4.5: ids of 1 to 64 letters, digits, '-' or '_'. */
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** One space per level and {@code "key": value}, as Python's {@code json.dump(indent=1)} gives. */
    private static final ObjectWriter WRITER = JSON.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter(" ", "\n"))
            .withArrayIndenter(new DefaultIndenter(" ", "\n")));

    private Ipynb() {
    }

    static Notebook parse(byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new NotebookException("The file is not valid notebook JSON (" + where + e.getOriginalMessage()
                    + "). Open it in Jupyter to repair it, or restore it from its .lakebook-backup copy if there is "
                    + "one. lakebook changed nothing in it.");
        } catch (IOException e) {
            throw new NotebookException("The notebook could not be read: " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode document) || !document.path("cells").isArray()) {
            throw new NotebookException("The file is JSON but not a notebook: it has no \"cells\" list.");
        }
        if (document.path("nbformat").asInt(4) < 4) {
            throw new NotebookException("This notebook is in nbformat " + document.path("nbformat").asInt()
                    + "; lakebook reads nbformat 4. Open and save it once in Jupyter to upgrade it (or run `jupyter "
                    + "nbconvert --to notebook --inplace` on it). lakebook changed nothing in it.");
        }
        return new Notebook(NotebookFormat.IPYNB, document, cells((ArrayNode) document.get("cells")));
    }

    static Notebook empty() {
        ObjectNode document = JSON.createObjectNode();
        document.putArray("cells");
        ObjectNode metadata = document.putObject("metadata");
        metadata.putObject("kernelspec").put("display_name", "Databricks").put("language", "python")
                .put("name", "databricks");
        metadata.putObject("language_info").put("name", "python");
        document.put("nbformat", 4);
        document.put("nbformat_minor", 5);
        return new Notebook(NotebookFormat.IPYNB, document, List.of());
    }

    static byte[] write(ObjectNode document, List<Cell> cells) {
        ArrayNode array = document.putArray("cells");
        cells.forEach(cell -> array.add(cell.node()));
        // Cell ids exist from nbformat 4.5 on; a notebook that now has them must say so.
        if (document.path("nbformat_minor").asInt(0) < 5) {
            document.put("nbformat_minor", 5);
        }
        try {
            return (WRITER.writeValueAsString(document) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new NotebookException("The notebook could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Wraps each cell; a cell from before nbformat 4.5 (or with an invalid or repeated id) gets an id derived from its
     * position, so that reading an unchanged file twice names its cells the same; the next write stores them.
     */
    private static List<Cell> cells(ArrayNode array) {
        List<Cell> cells = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode node : array) {
            if (!(node instanceof ObjectNode object)) {
                throw new NotebookException("Cell " + cells.size() + " is not a JSON object; the notebook is damaged.");
            }
            cells.add(new Cell(object, null));
        }
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            if (!VALID_ID.matcher(cell.id()).matches() || !seen.add(cell.id())) {
                String id = "cell-" + i;
                for (int n = 1; seen.contains(id); n++) {
                    id = "cell-" + i + "-" + n;
                }
                cell.setId(id);
                seen.add(id);
            }
        }
        return cells;
    }
}
