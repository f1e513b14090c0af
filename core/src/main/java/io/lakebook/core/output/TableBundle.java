package io.lakebook.core.output;

import io.lakebook.core.output.TableOutput.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table as a Jupyter MIME bundle: an HTML table (column types as header tooltips) and aligned plain text for
 * consoles and {@code jupyter nbconvert --to markdown}. Both say so when the workspace sent only part of the rows.
 * The kernel shows it and notebooks saved by {@code lakebook run} and the MCP server store it, so a table looks the
 * same whoever ran the cell.
 */
public final class TableBundle {
    private TableBundle() {
    }

    /** More rows than this make a notebook slow to open and scroll; the rest are counted, not shown. */
    public static final int ROW_CAP = 1000;

    public static Map<String, Object> bundle(TableOutput table) {
        return bundle(table, ROW_CAP);
    }

    static Map<String, Object> bundle(TableOutput table, int cap) {
        TableOutput shown = table.rows().size() <= cap ? table
                : new TableOutput(table.columns(), table.rows().subList(0, cap), table.totalRows(), table.truncated());
        String notice = notice(shown.rows().size(), table.totalRows(), table.truncated());
        String plain = plain(shown) + (notice.isEmpty() ? "" : "\n" + notice);
        String html = html(shown) + (notice.isEmpty() ? "" : "\n<p>" + Html.escape(notice) + "</p>");
        return Map.of("text/html", html, "text/plain", plain);
    }

    /**
     * Says honestly how much is shown: the total when lakebook knows it, and that it is unknown when the cluster
     * sent only part of the result (the Command Execution API's {@code truncated} gives no count).
     */
    static String notice(int shown, int received, boolean truncated) {
        if (truncated) {
            return String.format(Locale.US, "Showing the first %,d rows: the cluster truncated the result, so the "
                    + "total is not known.", shown);
        }
        return shown < received ? String.format(Locale.US, "Showing %,d of %,d rows.", shown, received) : "";
    }

    static String html(TableOutput table) {
        StringBuilder html = new StringBuilder("<table border=\"1\" class=\"dataframe\">\n<thead><tr>");
        for (Column column : table.columns()) {
            html.append("<th title=\"").append(Html.escape(column.type())).append("\">")
                    .append(Html.escape(column.name()));
            if (!column.type().isEmpty()) {
                html.append("<br><span style=\"font-weight: normal; color: #777\">").append(Html.escape(column.type()))
                        .append("</span>");
            }
            html.append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : table.rows()) {
            html.append("<tr>");
            row.forEach(value -> html.append("<td>").append(Html.escape(cell(value))).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>");
        return html.toString();
    }

    static String plain(TableOutput table) {
        int[] widths = widths(table);
        List<String> lines = new ArrayList<>();
        lines.add(line(table.columns().stream().map(Column::name).toList(), widths, List.of()));
        lines.add(line(widths));
        table.rows().forEach(row -> lines.add(line(row.stream().map(TableBundle::cell).toList(), widths, row)));
        return String.join("\n", lines);
    }

    private static int[] widths(TableOutput table) {
        int[] widths = new int[table.columns().size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = table.columns().get(i).name().length();
        }
        for (List<Object> row : table.rows()) {
            for (int i = 0; i < Math.min(widths.length, row.size()); i++) {
                widths[i] = Math.max(widths[i], cell(row.get(i)).length());
            }
        }
        return widths;
    }

    /** Numbers are right-aligned, as in pandas, so their digits line up. */
    private static String line(List<String> cells, int[] widths, List<Object> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            int width = i < widths.length ? widths[i] : cells.get(i).length();
            boolean number = i < values.size() && values.get(i) instanceof Number;
            String format = "%" + (number ? "" : "-") + Math.max(width, 1) + "s";
            line.append(i == 0 ? "" : "  ").append(String.format(format, cells.get(i)));
        }
        return line.toString().stripTrailing();
    }

    private static String line(int[] widths) {
        List<String> dashes = new ArrayList<>();
        for (int width : widths) {
            dashes.add("-".repeat(Math.max(width, 1)));
        }
        return String.join("  ", dashes);
    }

    private static String cell(Object value) {
        return value == null ? "null" : String.valueOf(value);
    }
}
