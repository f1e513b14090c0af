package io.lakebook.emulator.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Notebook text in the two forms import and export speak: Databricks SOURCE (reference §5.7) and JUPYTER. Markdown
 * cells travel as {@code # MAGIC %md} lines in SOURCE and as markdown cells in JUPYTER, as Databricks converts them.
 */
final class NotebookSource {
    /** The comment prefix of each language's source form. */
    static final Map<String, String> COMMENT = Map.of("PYTHON", "#", "R", "#", "SCALA", "//", "SQL", "--");
    /** The file type export names for each language (⚠ reference §5.5: "py" is the one example). */
    static final Map<String, String> FILE_TYPE = Map.of("PYTHON", "py", "R", "r", "SCALA", "scala", "SQL", "sql");

    private NotebookSource() {
    }

    static String header(String language) {
        return COMMENT.get(language) + " Databricks notebook source";
    }

    static String separator(String language) {
        return COMMENT.get(language) + " COMMAND ----------";
    }

    /** The language whose notebook header starts {@code text}, or null when it is not a source notebook. */
    static String languageOf(String text, String extension) {
        String first = text.lines().findFirst().orElse("").strip();
        for (Map.Entry<String, String> entry : FILE_TYPE.entrySet()) {
            if (entry.getValue().equals(extension) && first.equals(header(entry.getKey()))) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** Source text from a SOURCE import: the header is added when the content lacks it. */
    static String fromSource(String text, String language) {
        String header = header(language);
        return text.startsWith(header) ? text : header + "\n" + text;
    }

    /** Source text from a JUPYTER import (an .ipynb document). */
    static String fromJupyter(byte[] ipynb) {
        JsonNode notebook;
        try {
            notebook = Json.MAPPER.readTree(ipynb);
        } catch (IOException e) {
            throw ApiException.badRequest("The content is not a valid Jupyter notebook: " + e.getMessage());
        }
        if (notebook == null || !notebook.path("cells").isArray()) {
            throw ApiException.badRequest("The content is not a valid Jupyter notebook: it has no cells");
        }
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : notebook.path("cells")) {
            String source = joined(cell.path("source"));
            cells.add(cell.path("cell_type").asText().equals("markdown") ? magic("%md\n" + source) : source);
        }
        return header("PYTHON") + "\n" + String.join("\n\n" + separator("PYTHON") + "\n\n", cells) + "\n";
    }

    /** An .ipynb document (nbformat 4.5) of a Python source notebook. */
    static byte[] toJupyter(String source) {
        ObjectNode notebook = Json.MAPPER.createObjectNode().put("nbformat", 4).put("nbformat_minor", 5);
        notebook.putObject("metadata").putObject("language_info").put("name", "python");
        ArrayNode cells = notebook.putArray("cells");
        List<String> parts = cells(source, "PYTHON");
        for (int i = 0; i < parts.size(); i++) {
            String text = parts.get(i);
            boolean markdown = text.startsWith("# MAGIC %md");
            ObjectNode cell = cells.addObject().put("cell_type", markdown ? "markdown" : "code")
                    .put("id", "cell-" + i);
            cell.putObject("metadata");
            cell.put("source", markdown ? unmagic(text).replaceFirst("^%md\\s*\\n?", "") : text);
            if (!markdown) {
                cell.putNull("execution_count");
                cell.putArray("outputs");
            }
        }
        try {
            return Json.MAPPER.writeValueAsBytes(notebook);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> cells(String source, String language) {
        String body = source.substring(Math.min(source.length(), header(language).length())).strip();
        List<String> cells = new ArrayList<>();
        for (String cell : body.split("(?m)^" + java.util.regex.Pattern.quote(separator(language)) + "\\s*$")) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static String magic(String text) {
        return String.join("\n", text.lines().map(line -> line.isEmpty() ? "# MAGIC" : "# MAGIC " + line).toList());
    }

    private static String unmagic(String text) {
        return String.join("\n", text.lines().map(line -> line.replaceFirst("^# MAGIC ?", "")).toList());
    }

    private static String joined(JsonNode source) {
        if (source.isArray()) {
            StringBuilder text = new StringBuilder();
            source.forEach(line -> text.append(line.asText()));
            return text.toString();
        }
        return source.asText();
    }

    static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
