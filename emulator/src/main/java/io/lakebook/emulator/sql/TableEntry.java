package io.lakebook.emulator.sql;

import java.util.List;

/** A table or view as the catalog knows it, in the workspace's names. */
public record TableEntry(String catalog, String schema, String name, boolean view, String comment,
                         List<ColumnEntry> columns) {

    /** One column; {@code position} counts from 0. */
    public record ColumnEntry(String name, SqlType type, int position, boolean nullable, String comment) {
    }

    public String fullName() {
        return catalog + "." + schema + "." + name;
    }
}
