package io.lakebook.installer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.installer.UsageException;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parameters given with {@code -p NAME VALUE}, injected as papermill does: a new code cell tagged
 * {@code injected-parameters} right after the cell tagged {@code parameters} (at the top when there is none), which
 * replaces one injected by an earlier run. Source notebooks have no tags, so there a code cell whose first line is
 * {@code # parameters} is the parameters cell.
 */
public final class Parameters {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private Parameters() {
    }

    /**
     * Adds the injected cell to {@code notebook}; does nothing when there are no parameters.
     *
     * @return false when the notebook has no parameters cell, so the values went into a new first cell that the
     *         notebook's own assignments may override (the caller warns, as papermill does)
     */
    public static boolean inject(ObjectNode notebook, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return true;
        }
        ArrayNode cells = (ArrayNode) notebook.path("cells");
        removeEarlierInjection(cells);
        int index = indexAfterParametersCell(cells);
        cells.insert(index, injectedCell(parameters));
        return index > 0;
    }

    /** The Python line that assigns one parameter: numbers and True/False/None as they are, anything else quoted. */
    public static String assignment(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            throw new UsageException("parameter name '" + name + "' is not a Python identifier");
        }
        boolean literal = NUMBER.matcher(value).matches() || value.equals("True") || value.equals("False")
                || value.equals("None");
        return name + " = " + (literal ? value : quoted(value));
    }

    private static String quoted(String value) {
        StringBuilder text = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '"' -> text.append("\\\"");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(c);
            }
        }
        return text.append('"').toString();
    }

    private static ObjectNode injectedCell(Map<String, String> parameters) {
        StringBuilder source = new StringBuilder("# Parameters given to lakebook run\n");
        parameters.forEach((name, value) -> source.append(assignment(name, value)).append('\n'));
        ObjectNode cell = JSON.createObjectNode();
        cell.put("cell_type", "code");
        cell.put("id", "injected-parameters");
        cell.putObject("metadata").putArray("tags").add("injected-parameters");
        cell.put("source", source.toString().stripTrailing());
        cell.putNull("execution_count");
        cell.putArray("outputs");
        return cell;
    }

    private static void removeEarlierInjection(ArrayNode cells) {
        for (int i = cells.size() - 1; i >= 0; i--) {
            if (hasTag(cells.get(i), "injected-parameters")) {
                cells.remove(i);
            }
        }
    }

    private static int indexAfterParametersCell(ArrayNode cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (hasTag(cells.get(i), "parameters") || isMarkedInSource(NotebookRunner.source(cells.get(i)))) {
                return i + 1;
            }
        }
        return 0;
    }

    /** A first line {@code # parameters}, after a Databricks {@code # DBTITLE} line if the cell has one. */
    private static boolean isMarkedInSource(String source) {
        return source.lines().filter(line -> !line.startsWith("# DBTITLE")).findFirst().orElse("").strip()
                .equals("# parameters");
    }

    private static boolean hasTag(JsonNode cell, String tag) {
        for (JsonNode existing : cell.path("metadata").path("tags")) {
            if (tag.equals(existing.asText())) {
                return true;
            }
        }
        return false;
    }
}
