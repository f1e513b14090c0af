package io.lakebook.goose.tool;

import io.lakebook.core.sql.Catalog;

/** {@code table_describe}: a table's columns, types and comments, from Unity Catalog. */
public final class TableDescribeTool implements Tool {

    static final String TABLE = "The table's full name, catalog.schema.table, e.g. samples.nyctaxi.trips.";

    private static final ToolSpec SPEC = new ToolSpec("table_describe", "Describe a table",
            "Describes a table or view from Unity Catalog: its type, format, owner and comment, and each column's "
                    + "name, type, nullability, partitioning and comment. Runs no query.",
            Schema.object().string("table", true, TABLE),
            Annotations.READ_REMOTE);

    private final Workbench workbench;

    public TableDescribeTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        Catalog.Description table = new Catalog(SqlReport.open(workbench, context)).describe(args.string("table"));
        StringBuilder text = new StringBuilder(table.fullName()).append(" [").append(table.tableType());
        if (!table.format().isBlank()) {
            text.append(", ").append(table.format());
        }
        text.append(']');
        if (!table.owner().isBlank()) {
            text.append(", owner ").append(table.owner());
        }
        if (!table.comment().isBlank()) {
            text.append("\n").append(table.comment());
        }
        text.append("\n").append(table.columns().size()).append(" columns:");
        table.columns().forEach(column -> text.append("\n- ").append(line(column)));
        if (!table.viewDefinition().isBlank()) {
            text.append("\nView definition: ").append(table.viewDefinition());
        }
        return ToolResult.text(text.toString());
    }

    private static String line(Catalog.Column column) {
        return column.name() + " " + column.type() + (column.nullable() ? "" : " NOT NULL")
                + column.partitionIndex().map(i -> " (partition column " + i + ")").orElse("")
                + (column.comment().isBlank() ? "" : " — " + column.comment());
    }
}
