package io.lakebook.core.magic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.core.LargeJson;
import io.lakebook.core.error.LakebookException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The code cells of a notebook on this computer, for {@code %run}: a Jupyter {@code .ipynb}, or a Databricks source
 * notebook ({@code .py} with {@code # COMMAND ----------} between cells and {@code # MAGIC} before magic lines).
 */
public final class LocalNotebook {
    private static final ObjectMapper JSON = LargeJson.mapper();
    private static final Pattern COMMAND = Pattern.compile("(?m)^# COMMAND -+\\s*$");
    private static final Pattern MAGIC = Pattern.compile("(?m)^# MAGIC ?");

    private LocalNotebook() {
    }

    /**
     * Finds {@code name} from {@code directory}, trying it as written, then with {@code .ipynb} and {@code .py}, as
     * Databricks' {@code %run ./other} names a notebook without its extension.
     */
    public static Path find(Path directory, String name) {
        if (name.isBlank()) {
            throw new LakebookException("%run needs a notebook to run, for example `%run ./setup.ipynb`.");
        }
        Path base = directory.resolve(name).normalize();
        for (Path candidate : List.of(base, Path.of(base + ".ipynb"), Path.of(base + ".py"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new LakebookException("%run found no notebook " + name + " in " + directory.toAbsolutePath()
                + " (tried " + name + ", " + name + ".ipynb and " + name + ".py). %run runs notebooks on this "
                + "computer, relative to the notebook's folder.");
    }

    /** The notebook's code cells, in order, skipping empty ones. */
    public static List<String> codeCells(Path notebook) {
        String text;
        try {
            text = Files.readString(notebook);
        } catch (IOException e) {
            throw new LakebookException("%run could not read " + notebook + ": " + e.getMessage(), e);
        }
        List<String> cells = notebook.toString().endsWith(".ipynb") ? ipynbCells(notebook, text) : sourceCells(text);
        return cells.stream().filter(cell -> !cell.isBlank()).toList();
    }

    private static List<String> ipynbCells(Path notebook, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new LakebookException("%run: " + notebook + " is not a valid notebook (" + e.getMessage() + ").", e);
        }
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : root.path("cells")) {
            if ("code".equals(cell.path("cell_type").asText())) {
                cells.add(source(cell.path("source")));
            }
        }
        return cells;
    }

    /** nbformat keeps a cell's source either as one string or as a list of lines. */
    private static String source(JsonNode source) {
        if (source.isTextual()) {
            return source.asText();
        }
        StringBuilder text = new StringBuilder();
        source.forEach(line -> text.append(line.asText()));
        return text.toString();
    }

    private static List<String> sourceCells(String text) {
        String body = text.replaceFirst("\\A# Databricks notebook source\\s*\\n", "");
        List<String> cells = new ArrayList<>();
        for (String cell : COMMAND.split(body)) {
            cells.add(MAGIC.matcher(cell.strip()).replaceAll(""));
        }
        return cells;
    }
}
