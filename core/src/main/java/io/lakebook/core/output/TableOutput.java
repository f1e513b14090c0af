package io.lakebook.core.output;

import java.util.List;
import java.util.Objects;

/**
 * A table result, as {@code display(df)} or a SQL query gives it.
 *
 * @param columns   names and types, in order
 * @param rows      row values in column order; cells keep their JSON types (numbers, strings, booleans, null)
 * @param truncated true when the workspace returned only part of the rows
 */
public record TableOutput(List<Column> columns, List<List<Object>> rows, boolean truncated) implements Output {
    public TableOutput {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** One column: its name and its type as the workspace names it ({@code long}, {@code string}, …). */
    public record Column(String name, String type) {
        public Column {
            Objects.requireNonNull(name, "name");
            type = type == null ? "" : type;
        }
    }
}
