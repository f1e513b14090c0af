package io.lakebook.emulator.sql;

import java.util.List;

/**
 * What a statement returned: its columns and rows. Values are plain Java values ({@link SqlValues} says which);
 * {@code truncated} is set when a row limit cut rows off.
 */
public record SqlResult(List<SqlColumn> columns, List<List<Object>> rows, boolean truncated) {

    /** The value at {@code row}, {@code column}, for tests. */
    public Object value(int row, String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return rows.get(row).get(i);
            }
        }
        throw new IllegalArgumentException("No column " + column + " among " + columns);
    }
}
