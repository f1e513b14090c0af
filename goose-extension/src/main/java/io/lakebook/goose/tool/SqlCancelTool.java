package io.lakebook.goose.tool;

import io.lakebook.core.sql.Sql;
import io.lakebook.core.sql.SqlStatus;

import java.time.Duration;

/** {@code sql_cancel}: stops a statement on the warehouse. */
public final class SqlCancelTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("sql_cancel", "Stop a SQL statement",
            "Asks the SQL warehouse to stop a statement started by sql_run or table_sample, and reports its state "
                    + "afterwards. A statement that already ended is left as it is.",
            Schema.object().string("handle", true, SqlReport.HANDLE),
            new Annotations(false, false, true, true));

    private static final Duration SETTLE = Duration.ofSeconds(15);

    private final Workbench workbench;

    public SqlCancelTool(Workbench workbench) {
        this.workbench = workbench;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult call(Arguments args, CallContext context) throws Exception {
        Sql sql = SqlReport.open(workbench, context);
        String handle = SqlReport.handle(args);
        SqlStatus before = sql.status(handle);
        if (before.ended()) {
            return ToolResult.text("Statement " + handle + " had already ended (" + before.state() + "); nothing "
                    + "was cancelled.");
        }
        sql.cancel(handle);
        // Cancelling may silently fail (reference §6.5): say what the warehouse reports, not what was asked.
        SqlStatus after = sql.await(handle, SETTLE, context::isCancelled);
        if (!after.ended()) {
            return ToolResult.text("Asked the warehouse to cancel statement " + handle + "; it is still "
                    + after.state() + ". Check with sql_poll(handle=\"" + handle + "\").");
        }
        return SqlReport.of(sql, after, SqlReport.limits(args, false));
    }
}
