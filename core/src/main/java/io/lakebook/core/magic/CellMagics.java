package io.lakebook.core.magic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Databricks notebook magic on a cell's first line. As in a Databricks notebook, the magic covers the
 * whole cell: {@code %sql} makes every line SQL. IPython's {@code %%} spelling is accepted for the cell magics.
 * A magic lakebook does not handle itself ({@code %pip}, {@code %fs}, {@code %matplotlib}, …) goes to the cluster
 * unchanged, where the notebook's Python understands it or says it does not.
 */
public final class CellMagics {
    private static final Pattern FIRST_LINE = Pattern.compile("\\A(?:[ \\t]*\\r?\\n)*[ \\t]*%(%?)(\\w+)([^\\n]*)"
            + "(?:\\n|\\z)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHELL = resource("shell.py");

    private CellMagics() {
    }

    public static Cell parse(String code) {
        Matcher matcher = FIRST_LINE.matcher(code);
        if (!matcher.find()) {
            return new Cell.Remote(code);
        }
        String name = matcher.group(2).toLowerCase(Locale.ROOT);
        String rest = matcher.group(3).strip();
        String body = code.substring(matcher.end());
        String whole = rest.isEmpty() ? body : body.isEmpty() ? rest : rest + "\n" + body;
        return switch (name) {
            case "md" -> new Cell.Markdown(whole);
            case "python" -> new Cell.Remote(whole);
            case "sql" -> new Cell.Remote(sql(whole));
            case "sh" -> new Cell.Remote(shell(whole));
            case "run" -> new Cell.RunNotebook(unquote(rest));
            case "lakebook" -> new Cell.Lakebook(Arrays.stream(rest.split("\\s+")).filter(s -> !s.isEmpty())
                    .toList());
            default -> new Cell.Remote(code);
        };
    }

    /**
     * {@code display(spark.sql(...))} in the notebook's own context, so a query sees the same session (temporary
     * views, {@code USE} catalog) as the notebook's Python, and the table comes back as Databricks shows it.
     */
    static String sql(String query) {
        String statement = query.strip().replaceFirst(";\\s*\\z", "");
        return "display(spark.sql(" + pythonString(statement) + "))";
    }

    /**
     * The script runs in bash on the driver, its output printed line by line as it comes (so it streams), in a
     * namespace of its own; a non-zero exit fails the cell, as {@code %sh} does on Databricks.
     */
    static String shell(String script) {
        return "exec(" + pythonString(SHELL) + ", {\"SCRIPT\": " + pythonString(script) + "})";
    }

    private static String unquote(String path) {
        String trimmed = path.strip();
        if (trimmed.length() >= 2 && (trimmed.startsWith("\"") && trimmed.endsWith("\"")
                || trimmed.startsWith("'") && trimmed.endsWith("'"))) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** JSON string syntax is a valid Python string literal. */
    static String pythonString(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = CellMagics.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
