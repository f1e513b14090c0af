package io.lakebook.core.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One cell of a {@link Notebook}, backed by its nbformat JSON so that every field lakebook does not change (metadata,
 * attachments, fields of later nbformat versions) is written back as it was read.
 */
public final class Cell {

    private final ObjectNode node;
    /** Databricks source notebooks only: the cell's text as read, written back as is while the source is unchanged. */
    private final String originalText;
    private final String originalSource;

    Cell(ObjectNode node, String originalText) {
        this.node = node;
        this.originalText = originalText;
        this.originalSource = source();
    }

    static Cell create(String id, CellType type, String source) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("cell_type", type.wireName());
        node.put("id", id);
        node.putObject("metadata");
        node.set("source", lines(source));
        if (type == CellType.CODE) {
            node.putNull("execution_count");
            node.putArray("outputs");
        }
        return new Cell(node, null);
    }

    public String id() {
        return node.path("id").asText();
    }

    public CellType type() {
        return CellType.parse(node.path("cell_type").asText()).orElse(CellType.RAW);
    }

    /** The source as one string, whether the file stores it as one string or as a list of lines. */
    public String source() {
        JsonNode source = node.path("source");
        if (source.isArray()) {
            StringBuilder joined = new StringBuilder();
            source.forEach(line -> joined.append(line.asText()));
            return joined.toString();
        }
        return source.asText("");
    }

    /** Replaces the source, kept in the representation the file used. */
    public void setSource(String source) {
        node.set("source", node.path("source").isTextual() ? JsonNodeFactory.instance.textNode(source)
                : lines(source));
    }

    public Optional<Integer> executionCount() {
        JsonNode count = node.path("execution_count");
        return count.isInt() ? Optional.of(count.asInt()) : Optional.empty();
    }

    /** The nbformat outputs of a code cell; empty for other cells. The returned array is live. */
    public ArrayNode outputs() {
        JsonNode outputs = node.get("outputs");
        return outputs instanceof ArrayNode array ? array : JsonNodeFactory.instance.arrayNode();
    }

    /** Replaces a code cell's outputs and execution count, as running it does. */
    public void setOutputs(ArrayNode outputs, Integer executionCount) {
        if (type() != CellType.CODE) {
            return;
        }
        node.set("outputs", outputs);
        if (executionCount == null) {
            node.putNull("execution_count");
        } else {
            node.put("execution_count", executionCount);
        }
    }

    public void clearOutputs() {
        setOutputs(JsonNodeFactory.instance.arrayNode(), null);
    }

    ObjectNode node() {
        return node;
    }

    void setId(String id) {
        node.put("id", id);
    }

    /** The text as read, when the source has not changed since; for writing source notebooks back unchanged. */
    Optional<String> unchangedText() {
        return originalText != null && originalSource.equals(source()) ? Optional.of(originalText)
                : Optional.empty();
    }

    /** Splits text into lines that keep their line ends, the way nbformat stores sources and outputs on disk. */
    public static ArrayNode lines(String text) {
        ArrayNode lines = JsonNodeFactory.instance.arrayNode();
        splitKeepingEnds(text).forEach(lines::add);
        return lines;
    }

    static List<String> splitKeepingEnds(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
