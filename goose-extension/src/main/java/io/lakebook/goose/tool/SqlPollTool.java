package io.lakebook.goose.tool;

import io.lakebook.core.sql.Sql;
import io.lakebook.core.sql.SqlStatus;

/** {@code sql_poll}: waits a bounded time for a statement and reports it. */
public final class SqlPollTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec("sql_poll", "Check on a SQL statement",
            "Waits up to wait_seconds for a statement started by sql_run or table_sample, then reports it: still "
                    + "running, failed (with the warehouse's message), cancelled, or its rows.",
            Schema.object().string("handle", true, SqlReport.HANDLE)
                    .integer("wait_seconds", false, 0, SqlReport.MAX_WAIT, "How long to wait for the statement to "
                            + "end before answering; default " + SqlReport.DEFAULT_WAIT + ".")
                    .integer("max_rows", false, 1, SqlReport.MAX_ROWS, "Most rows to return; default 100."),
            Annotations.READ_REMOTE);

    private final Workbench workbench;

    public SqlPollTool(Workbench workbench) {
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
        int wait = args.integer("wait_seconds", SqlReport.DEFAULT_WAIT);
        // A poll the client gives up on leaves the statement running: only sql_cancel stops it.
        SqlStatus status = sql.await(handle, java.time.Duration.ofSeconds(wait), context::isCancelled);
        return SqlReport.of(sql, status, SqlReport.limits(args, false));
    }
}
