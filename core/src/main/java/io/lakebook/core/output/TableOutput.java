package io.lakebook.core.output;

import java.util.List;
import java.util.Objects;

/**
 * A table result, as {@code display(df)} or a SQL query gives it.
 *
 * @param columns   names and types, in order
 * @param rows      row values in column order, the first rows of the result; cells keep their JSON types (numbers,
 *                  strings, booleans, null)
 * @param totalRows how many rows the result had: more than {@code rows} holds when only the first were kept, as no
 *                  front end shows more than {@link TableBundle#ROW_CAP}
 * @param truncated true when the workspace returned only part of the rows
 */
public record TableOutput(List<Column> columns, List<List<Object>> rows, int totalRows, boolean truncated)
        implements Output {
    public TableOutput {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        if (totalRows < rows.size()) {
            throw new IllegalArgumentException("a table of " + totalRows + " rows cannot hold " + rows.size());
        }
    }

    /** A table that holds every row of its result. */
    public TableOutput(List<Column> columns, List<List<Object>> rows, boolean truncated) {
        this(columns, rows, rows.size(), truncated);
    }

    /** One column: its name and its type as the workspace names it ({@code long}, {@code string}, …). */
    public record Column(String name, String type) {
        public Column {
            Objects.requireNonNull(name, "name");
            type = type == null ? "" : type;
        }
    }
}
