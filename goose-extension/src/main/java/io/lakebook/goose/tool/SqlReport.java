package io.lakebook.goose.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.notebook.TableText;
import io.lakebook.core.output.TableOutput;
import io.lakebook.core.sql.Sql;
import io.lakebook.core.sql.SqlLimits;
import io.lakebook.core.sql.SqlStatus;
import io.lakebook.core.sql.SqlTable;
import io.lakebook.goose.render.Ansi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SQL tools say about a statement: its rows as compact text when it succeeded, the warehouse's message when
 * it failed, and, while it runs, the handle to poll or cancel it with. The handle is the warehouse's statement id.
 */
final class SqlReport {

    private static final Logger LOG = LoggerFactory.getLogger(SqlReport.class);

    static final int DEFAULT_WAIT = 20;
    static final int MAX_WAIT = 120;
    static final int MAX_ROWS = 1000;
    static final String HANDLE = "The statement's handle (its statement id), from sql_run or table_sample.";

    private SqlReport() {
    }

    /** The warehouse for the call's working directory. */
    static Sql open(Workbench workbench, CallContext context) {
        Path directory = context.paths().base();
        return Sql.open(directory, workbench.env());
    }

    /** Waits for the statement as asked, and stops it on the warehouse if the client cancels this call. */
    static SqlStatus await(Sql sql, SqlStatus started, int waitSeconds, CallContext context)
            throws InterruptedException {
        if (started.ended()) {
            return started;
        }
        context.onCancel(() -> cancelQuietly(sql, started.statementId()));
        context.progress("Statement " + started.statementId() + " is " + started.state());
        return sql.await(started.statementId(), Duration.ofSeconds(waitSeconds), context::isCancelled);
    }

    /** Runs on the thread that reads the client's messages, which a failure here must not stop. */
    private static void cancelQuietly(Sql sql, String statementId) {
        try {
            sql.cancel(statementId);
        } catch (LakebookException e) {
            LOG.warn("Could not cancel statement {} after the client cancelled the call: {}", statementId,
                    e.getMessage());
        }
    }

    static ToolResult of(Sql sql, SqlStatus status, SqlLimits limits) {
        String id = status.statementId();
        return switch (status.state()) {
            case SUCCEEDED -> succeeded(sql.rows(status, limits), id);
            case FAILED -> ToolResult.error("Statement " + id + " failed on the warehouse: "
                    + Ansi.strip(status.error().orElse("no message")) + " Fix the query and run it again; "
                    + "catalog_list and table_describe show the tables and columns there are.");
            case CANCELED -> ToolResult.text("Statement " + id + " was cancelled; it returned nothing.");
            case CLOSED -> ToolResult.error("Statement " + id + " is closed: the warehouse no longer keeps its "
                    + "result (results are kept for an hour). Run the query again.");
            default -> running(status, sql.warehouseId());
        };
    }

    private static ToolResult running(SqlStatus status, String warehouseId) {
        String id = status.statementId();
        String waiting = switch (status.state()) {
            case PENDING -> "is waiting for SQL warehouse " + warehouseId + " (it may be starting, which takes "
                    + "a few minutes)";
            default -> "is still running";
        };
        return ToolResult.text("Statement " + id + " " + waiting + ". Check on it with sql_poll(handle=\"" + id
                + "\"), or stop it with sql_cancel(handle=\"" + id + "\").")
                .structured(structured(status).put("handle", id));
    }

    private static ToolResult succeeded(SqlTable table, String id) {
        if (table.columns().isEmpty()) {
            return ToolResult.text("Statement " + id + " succeeded.").structured(JsonNodeFactory.instance
                    .objectNode().put("statement_id", id).put("state", "SUCCEEDED"));
        }
        String count = table.rows().size() + (table.rows().size() == 1 ? " row" : " rows");
        String header = "Statement " + id + " succeeded: " + count
                + table.cut().map(cut -> "; more rows exist, " + cut + ". Add a WHERE, an aggregate or a LIMIT "
                        + "to see others").orElse("") + ".";
        ObjectNode structured = JsonNodeFactory.instance.objectNode().put("statement_id", id)
                .put("state", "SUCCEEDED").put("row_count", table.rows().size()).put("more", table.more());
        return ToolResult.text(header + "\n" + text(table)).structured(structured);
    }

    /** The rows as aligned text, via the table format notebooks use. */
    static String text(SqlTable table) {
        List<TableOutput.Column> columns = table.columns().stream()
                .map(c -> new TableOutput.Column(c.name(), c.type())).toList();
        List<List<Object>> rows = new ArrayList<>();
        table.rows().forEach(row -> rows.add(new ArrayList<>(row)));
        return Ansi.strip(TableText.render(new TableOutput(columns, rows, false), rows.size()));
    }

    private static ObjectNode structured(SqlStatus status) {
        return JsonNodeFactory.instance.objectNode().put("statement_id", status.statementId())
                .put("state", status.state().toString());
    }

    /** The handle argument, checked: it becomes part of a URL path. */
    static String handle(Arguments args) {
        String handle = args.string("handle").trim();
        if (!handle.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,127}")) {
            throw new ToolFailure("'" + handle + "' is not a statement handle. Handles look like "
                    + "01f0a1b2-c3d4-...; sql_run and table_sample give them.");
        }
        return handle;
    }

    static SqlLimits limits(Arguments args, boolean allowWrites) {
        return new SqlLimits(args.integer("max_rows", SqlLimits.DEFAULT_ROWS), SqlLimits.DEFAULT_CHARS, allowWrites);
    }
}
