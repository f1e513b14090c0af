package io.lakebook.core.notebook;

import io.lakebook.core.output.TableOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * A table as compact aligned text: a header of {@code name:type}, one line per row, cells cut at a width. Small enough
 * for a language model to read, and what a notebook stores as a table's {@code text/plain}.
 */
public final class TableText {

    private static final int MAX_CELL = 60;

    private TableText() {
    }

    /** The table with at most {@code maxRows} rows, saying how many were left out. */
    public static String render(TableOutput table, int maxRows) {
        List<List<String>> grid = new ArrayList<>();
        grid.add(table.columns().stream().map(c -> c.type().isBlank() ? c.name() : c.name() + ":" + c.type()).toList());
        table.rows().stream().limit(maxRows).forEach(row -> grid.add(row.stream().map(TableText::cell).toList()));
        int[] widths = widths(grid, table.columns().size());
        List<String> lines = new ArrayList<>();
        for (List<String> row : grid) {
            lines.add(line(row, widths));
        }
        int shown = Math.min(maxRows, table.rows().size());
        if (shown < table.totalRows()) {
            lines.add("… " + (table.totalRows() - shown) + " more rows (" + table.totalRows() + " in all)");
        }
        if (table.truncated()) {
            lines.add("(the workspace returned only the first " + table.totalRows() + " rows)");
        }
        return String.join("\n", lines);
    }

    private static int[] widths(List<List<String>> grid, int columns) {
        int[] widths = new int[columns];
        for (List<String> row : grid) {
            for (int i = 0; i < Math.min(columns, row.size()); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    private static String line(List<String> row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            int width = i < widths.length ? widths[i] : 0;
            line.append(i == 0 ? "" : " | ").append(String.format("%-" + Math.max(width, 1) + "s", row.get(i)));
        }
        return line.toString().stripTrailing();
    }

    private static String cell(Object value) {
        String text = value == null ? "null" : String.valueOf(value).replace("\n", "\\n");
        return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text;
    }
}
