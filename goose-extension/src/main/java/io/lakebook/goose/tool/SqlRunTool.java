package io.lakebook.goose.tool;

import io.lakebook.core.sql.Sql;
import io.lakebook.core.sql.SqlLimits;
import io.lakebook.core.sql.SqlStatus;
import io.lakebook.core.sql.WriteRefusedException;

/** {@code sql_run}: one SQL statement on the SQL warehouse, read-only unless the call allows writes. */
public final class SqlRunTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("sql_run", "Run SQL on the warehouse",
            "Runs one Databricks SQL statement on the project's SQL warehouse and returns its rows as text (at most "
                    + "max_rows, and about " + SqlLimits.DEFAULT_CHARS + " characters). Name tables in full: "
                    + "catalog.schema.table. Only statements that read (SELECT, WITH ... SELECT, SHOW, DESCRIBE, "
                    + "EXPLAIN) run unless allow_writes is true; set it only when the user asked for the change. "
                    + "A statement still running after wait_seconds goes on, and you get a handle for sql_poll and "
                    + "sql_cancel.",
            Schema.object().string("query", true, "One SQL statement, e.g. SELECT * FROM samples.nyctaxi.trips "
                    + "LIMIT 10.")
                    .bool("allow_writes", "Allow a statement that changes data or objects (INSERT, UPDATE, DELETE, "
                            + "MERGE, CREATE, DROP, ALTER, ...); default false.")
                    .integer("max_rows", false, 1, SqlReport.MAX_ROWS, "Most rows to return; default "
                            + SqlLimits.DEFAULT_ROWS + ".")
                    .integer("wait_seconds", false, 0, SqlReport.MAX_WAIT, "How long to wait for the result before "
                            + "answering with a handle; default " + SqlReport.DEFAULT_WAIT + "."),
            Annotations.RUN);

    private final Workbench workbench;

    public SqlRunTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        String query = args.string("query");
        if (query.isBlank()) {
            throw new ToolFailure("query is empty; give one SQL statement to run.");
        }
        SqlLimits limits = SqlReport.limits(args, args.bool("allow_writes", false));
        Sql sql = SqlReport.open(workbench, context);
        SqlStatus started;
        try {
            started = sql.start(query, limits);
        } catch (WriteRefusedException e) {
            return ToolResult.error(e.getMessage() + " If the user asked for this change, call sql_run again with "
                    + "allow_writes: true; otherwise rewrite it as a query that only reads.");
        }
        SqlStatus status = SqlReport.await(sql, started, args.integer("wait_seconds", SqlReport.DEFAULT_WAIT),
                context);
        return SqlReport.of(sql, status, limits);
    }
}
