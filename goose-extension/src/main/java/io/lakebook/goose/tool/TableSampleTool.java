package io.lakebook.goose.tool;

import io.lakebook.core.sql.Catalog;
import io.lakebook.core.sql.Sql;
import io.lakebook.core.sql.SqlLimits;
import io.lakebook.core.sql.SqlStatus;

import java.time.Duration;

/** {@code table_sample}: a few rows of a table, read on the SQL warehouse. */
public final class TableSampleTool implements Tool {

    private static final int DEFAULT_ROWS = 10;

    private static final ToolSpec SPEC = new ToolSpec("table_sample", "Show some rows of a table",
            "Reads the first rows of a table or view on the SQL warehouse (SELECT * ... LIMIT rows), to see what the "
                    + "values look like. A slow read goes on after wait_seconds; you get a handle for sql_poll.",
            Schema.object().string("table", true, TableDescribeTool.TABLE)
                    .integer("rows", false, 1, 100, "How many rows; default " + DEFAULT_ROWS + ".")
                    .integer("wait_seconds", false, 0, SqlReport.MAX_WAIT, "How long to wait for the rows before "
                            + "answering with a handle; default " + SqlReport.DEFAULT_WAIT + "."),
            Annotations.READ_REMOTE);

    private final Workbench workbench;

    public TableSampleTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        Sql sql = SqlReport.open(workbench, context);
        int rows = args.integer("rows", DEFAULT_ROWS);
        Duration wait = Duration.ofSeconds(args.integer("wait_seconds", SqlReport.DEFAULT_WAIT));
        SqlStatus status = new Catalog(sql).sample(args.string("table"), rows, wait, context::isCancelled);
        return SqlReport.of(sql, status, new SqlLimits(rows, SqlLimits.DEFAULT_CHARS, false));
    }
}
