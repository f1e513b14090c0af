package io.lakebook.guard.workspace;

import io.lakebook.core.error.WorkspaceException;
import io.lakebook.core.sql.Sql;
import io.lakebook.core.sql.SqlLimits;
import io.lakebook.core.sql.SqlStatus;
import io.lakebook.core.sql.SqlTable;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's SQL on a warehouse, through core's Statement Execution client: reads bring back every row (they are
 * aggregated in the warehouse, one row per user and endpoint), writes return the rows they changed.
 */
public final class Warehouse {
    private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final SqlLimits READ = new SqlLimits(5_000_000, Integer.MAX_VALUE, false);
    private static final SqlLimits WRITE = new SqlLimits(1_000, Integer.MAX_VALUE, true);

    private final Sql sql;

    public Warehouse(Sql sql) {
        this.sql = sql;
    }

    public String id() {
        return sql.warehouseId();
    }

    /** The rows of a read, every value as the warehouse's text or null. */
    public List<List<String>> query(String statement) {
        return run(statement, READ).rows();
    }

    /**
     * Runs a write and returns how many rows it changed ({@code num_affected_rows}), or 0 for DDL.
     *
     * @throws StatementFailedException when the warehouse reports it failed, for example on a write conflict
     */
    public long update(String statement) {
        List<List<String>> rows = run(statement, WRITE).rows();
        if (rows.isEmpty() || rows.get(0).isEmpty() || rows.get(0).get(0) == null) {
            return 0;
        }
        return Long.parseLong(rows.get(0).get(0));
    }

    private SqlTable run(String statement, SqlLimits limits) {
        LOG.debug("SQL on warehouse {}: {}", sql.warehouseId(), statement);
        SqlStatus status = sql.start(statement, limits);
        try {
            status = sql.await(status.statementId(), WAIT, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sql.cancel(status.statementId());
            throw new WorkspaceException("Interrupted while statement " + status.statementId() + " ran; it was "
                    + "cancelled.");
        }
        if (!status.ended()) {
            sql.cancel(status.statementId());
            throw new WorkspaceException("Statement " + status.statementId() + " did not finish within " + WAIT
                    + " on warehouse " + sql.warehouseId() + "; it was cancelled. Check that the warehouse is "
                    + "running.");
        }
        if (!status.succeeded()) {
            throw new StatementFailedException(summary(statement), status.error().orElse(status.state().toString()));
        }
        return sql.rows(status, limits);
    }

    private static String summary(String statement) {
        String flat = statement.replaceAll("\\s+", " ").trim();
        return flat.length() > 80 ? flat.substring(0, 80) + "…" : flat;
    }
}
