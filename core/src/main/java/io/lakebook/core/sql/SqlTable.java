package io.lakebook.core.sql;

import java.util.List;
import java.util.Optional;

/**
 * What a statement returned, within the {@link SqlLimits}.
 *
 * @param columns   name and Databricks type text of each column
 * @param rows      the rows kept; every value is the warehouse's text, or null
 * @param more      true when the statement returned rows that are not kept here
 * @param cut       why rows were left out (the row cap, the character cap), when {@code more}
 */
public record SqlTable(List<Column> columns, List<List<String>> rows, boolean more, Optional<String> cut) {

    /** One result column. */
    public record Column(String name, String type) {
    }

    public SqlTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
