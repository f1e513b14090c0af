package io.lakebook.core.notebook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Databricks Python source notebooks, the format of {@code databricks workspace export --format SOURCE} and of Git
 * folders: a header line, cells separated by {@value #SEPARATOR} lines, and non-Python cells (Markdown, {@code %sql},
 * {@code %sh}, …) written as {@code # MAGIC} comment lines.
 *
 * <p>The format has no cell ids; a cell's id is derived from its text, so it stays the same while the cell is
 * unchanged and changes when the cell is edited. Cells whose source did not change are written back byte for byte.
 */
final class SourceNotebooks {

    static final String HEADER = "# Databricks notebook source";
    static final String SEPARATOR = "# COMMAND ----------";
    private static final String MAGIC = "# MAGIC";
    private static final Pattern SEPARATOR_LINE = Pattern.compile("(?m)^" + Pattern.quote(SEPARATOR) + "[ \\t]*\\r?$");

    private SourceNotebooks() {
    }

    static Notebook parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.startsWith(HEADER)) {
            throw new NotebookException("The file is not a Databricks source notebook: its first line is not '"
                    + HEADER + "'.");
        }
        String body = text.substring(text.indexOf('\n') < 0 ? text.length() : text.indexOf('\n') + 1);
        List<Cell> cells = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String chunk : SEPARATOR_LINE.split(body, -1)) {
            String cellText = trimBlankLines(chunk);
            if (cellText.isEmpty() && cells.isEmpty() && body.isBlank()) {
                continue;
            }
            cells.add(toCell(cellText, ids));
        }
        return new Notebook(NotebookFormat.DATABRICKS_SOURCE, null, cells);
    }

    static byte[] write(List<Cell> cells) {
        List<String> texts = new ArrayList<>();
        for (Cell cell : cells) {
            texts.add(cell.unchangedText().orElseGet(() -> render(cell)));
        }
        String text = HEADER + "\n" + String.join("\n\n" + SEPARATOR + "\n\n", texts);
        return (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Cell toCell(String text, Set<String> ids) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        List<String> lines = text.lines().toList();
        boolean magic = !lines.isEmpty() && lines.stream().allMatch(line -> line.startsWith(MAGIC));
        String source = magic ? unmagic(lines) : text;
        boolean markdown = magic && (source.startsWith("%md\n") || source.startsWith("%md ") || source.equals("%md"));
        if (markdown) {
            source = source.substring(3).startsWith(" ") ? source.substring(4) : source.substring(
                    Math.min(source.length(), 4));
        }
        node.put("cell_type", markdown ? "markdown" : "code");
        node.put("id", uniqueId(text, ids));
        node.putObject("metadata");
        node.put("source", source);
        if (!markdown) {
            node.putNull("execution_count");
            node.putArray("outputs");
        }
        return new Cell(node, text);
    }

    private static String render(Cell cell) {
        String source = cell.source();
        if (cell.type() == CellType.MARKDOWN) {
            return magic("%md\n" + source);
        }
        return source.startsWith("%") ? magic(source) : source.stripTrailing();
    }

    private static String magic(String source) {
        List<String> lines = new ArrayList<>();
        source.stripTrailing().lines().forEach(line -> lines.add(line.isEmpty() ? MAGIC : MAGIC + " " + line));
        return String.join("\n", lines);
    }

    private static String unmagic(List<String> lines) {
        List<String> plain = new ArrayList<>();
        for (String line : lines) {
            String rest = line.substring(MAGIC.length());
            plain.add(rest.startsWith(" ") ? rest.substring(1) : rest);
        }
        return String.join("\n", plain);
    }

    private static String trimBlankLines(String chunk) {
        String text = chunk.replace("\r\n", "\n");
        int start = 0;
        while (start < text.length() && text.charAt(start) == '\n') {
            start++;
        }
        return text.substring(start).stripTrailing();
    }

    private static String uniqueId(String text, Set<String> ids) {
        String base = "s" + sha256(text).substring(0, 7);
        String id = base;
        for (int n = 2; !ids.add(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
