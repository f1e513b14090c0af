package io.lakebook.installer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads notebooks kept as source files into nbformat 4 cells: Databricks source notebooks (a first line such as
 * {@code # Databricks notebook source}, cells separated by {@code # COMMAND ----------}, other languages and Markdown
 * as {@code # MAGIC %md} lines), percent-format scripts ({@code # %%} cells) and plain scripts (one cell).
 */
public final class SourceConverter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TAGS = Pattern.compile("tags\\s*=\\s*\\[([^\\]]*)]");
    private static final Pattern QUOTED = Pattern.compile("[\"']([^\"']+)[\"']");
    private static final Pattern PERCENT_CELL = Pattern.compile("^# ?%%(.*)$");

    /** The comment marker of each language a Databricks source notebook can be written in. */
    enum Dialect {
        PYTHON("#", "python"), R("#", "r"), SCALA("//", "scala"), SQL("--", "sql");

        final String comment;
        final String language;

        Dialect(String comment, String language) {
            this.comment = comment;
            this.language = language;
        }

        String header() {
            return comment + " Databricks notebook source";
        }

        String separator() {
            return comment + " COMMAND ----------";
        }

        String magicPrefix() {
            return comment + " MAGIC";
        }
    }

    private SourceConverter() {
    }

    /** Whether {@code text} is a Databricks source notebook (its first line is the header of some language). */
    public static boolean isDatabricksSource(String text) {
        return dialectOf(text).isPresent();
    }

    /**
     * Converts source text to an nbformat 4.5 notebook.
     *
     * @param fileName used for the language of a plain script ({@code .py} is Python)
     */
    public static ObjectNode toNotebook(String text, String fileName) {
        Optional<Dialect> dialect = dialectOf(text);
        List<ObjectNode> cells = dialect.isPresent() ? databricksCells(text, dialect.get()) : scriptCells(text);
        ObjectNode notebook = JSON.createObjectNode();
        ArrayNode cellArray = notebook.putArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            cellArray.add(cells.get(i).put("id", "cell-" + (i + 1)));
        }
        ObjectNode metadata = notebook.putObject("metadata");
        metadata.putObject("kernelspec").put("name", "databricks").put("display_name", "Databricks")
                .put("language", "python");
        metadata.putObject("language_info").put("name", dialect.map(d -> d.language).orElse(languageOf(fileName)));
        notebook.put("nbformat", 4);
        notebook.put("nbformat_minor", 5);
        return notebook;
    }

    private static Optional<Dialect> dialectOf(String text) {
        String first = text.lines().findFirst().orElse("").strip();
        for (Dialect dialect : Dialect.values()) {
            if (first.equals(dialect.header())) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }

    private static List<ObjectNode> databricksCells(String text, Dialect dialect) {
        List<String> lines = text.lines().skip(1).toList();
        List<ObjectNode> cells = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : lines) {
            if (line.strip().equals(dialect.separator())) {
                addDatabricksCell(cells, current, dialect);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        addDatabricksCell(cells, current, dialect);
        return cells;
    }

    private static void addDatabricksCell(List<ObjectNode> cells, List<String> lines, Dialect dialect) {
        String source = trimBlankLines(lines);
        if (source.isEmpty()) {
            return;
        }
        List<String> sourceLines = source.lines().toList();
        boolean magic = sourceLines.stream().allMatch(l -> l.startsWith(dialect.magicPrefix()));
        if (magic) {
            String unwrapped = String.join("\n", sourceLines.stream().map(l -> unmagic(l, dialect)).toList());
            if (unwrapped.startsWith("%md")) {
                cells.add(cell("markdown", unwrapped.substring("%md".length()).replaceFirst("^[ \\n]", "")));
                return;
            }
            cells.add(cell("code", unwrapped));
            return;
        }
        cells.add(cell("code", dialect == Dialect.SQL ? "%%sql\n" + source : source));
    }

    private static String unmagic(String line, Dialect dialect) {
        String rest = line.substring(dialect.magicPrefix().length());
        return rest.startsWith(" ") ? rest.substring(1) : rest;
    }

    private static List<ObjectNode> scriptCells(String text) {
        List<ObjectNode> cells = new ArrayList<>();
        List<String> current = new ArrayList<>();
        String kind = "code";
        String header = "";
        for (String line : text.lines().toList()) {
            var marker = PERCENT_CELL.matcher(line);
            if (marker.matches()) {
                addScriptCell(cells, current, kind, header);
                current = new ArrayList<>();
                header = marker.group(1);
                kind = header.toLowerCase(Locale.ROOT).contains("[markdown]") ? "markdown" : "code";
            } else {
                current.add(kind.equals("markdown") ? line.replaceFirst("^# ?", "") : line);
            }
        }
        addScriptCell(cells, current, kind, header);
        return cells;
    }

    /** A {@code # %%} header may carry tags as jupytext writes them: {@code # %% tags=["parameters"]}. */
    private static void addScriptCell(List<ObjectNode> cells, List<String> lines, String kind, String header) {
        String source = trimBlankLines(lines);
        if (source.isEmpty()) {
            return;
        }
        ObjectNode cell = cell(kind, source);
        var tags = TAGS.matcher(header);
        if (tags.find()) {
            var names = ((ObjectNode) cell.get("metadata")).putArray("tags");
            for (var tag : QUOTED.matcher(tags.group(1)).results().toList()) {
                names.add(tag.group(1));
            }
        }
        cells.add(cell);
    }

    private static ObjectNode cell(String type, String source) {
        ObjectNode cell = JSON.createObjectNode();
        cell.put("cell_type", type);
        cell.putObject("metadata");
        cell.put("source", source);
        if (type.equals("code")) {
            cell.putNull("execution_count");
            cell.putArray("outputs");
        }
        return cell;
    }

    private static String trimBlankLines(List<String> lines) {
        int start = 0;
        int end = lines.size();
        while (start < end && lines.get(start).isBlank()) {
            start++;
        }
        while (end > start && lines.get(end - 1).isBlank()) {
            end--;
        }
        return String.join("\n", lines.subList(start, end));
    }

    private static String languageOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".sql")) {
            return "sql";
        }
        if (lower.endsWith(".scala")) {
            return "scala";
        }
        return lower.endsWith(".r") ? "r" : "python";
    }
}
