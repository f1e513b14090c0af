package io.lakebook.core.sql;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.Disposition;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.Format;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.StatementResponse;
import io.lakebook.core.config.WarehouseSettings;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.error.WorkspaceUnavailableException;
import io.lakebook.core.remote.Backoff;
import io.lakebook.core.remote.Failures;
import io.lakebook.core.remote.Patience;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.Workspaces;
import io.lakebook.core.sql.StatementClassifier.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs SQL on a SQL warehouse through the Statement Execution API: start a statement (refused before sending when it
 * would write and writes are not allowed), wait a bounded time for it, read its rows within limits, cancel it.
 * Statements are started asynchronously ({@code wait_timeout=0s}), so a caller that gives up can always cancel, and
 * a statement is known only by the warehouse's id, so any front end may poll one another started.
 *
 * <p>Thread-safe: it holds only the client and the warehouse id.
 */
public final class Sql {

    private static final Logger LOG = LoggerFactory.getLogger(Sql.class);
    /** Asked of the warehouse so that an INLINE result stays far below its 25 MiB limit (reference §6.1). */
    private static final long BYTE_LIMIT = 16L * 1024 * 1024;

    private final WorkspaceClient workspace;
    private final String warehouseId;
    private final Patience patience = new Patience(Patience.DEFAULT_LIMIT, Thread::sleep);

    public Sql(WorkspaceClient workspace, String warehouseId) {
        this.workspace = workspace;
        this.warehouseId = warehouseId;
    }

    /** The warehouse configured for {@code workingDirectory} (see {@link WarehouseSettings}). */
    public static Sql open(Path workingDirectory, Map<String, String> env) {
        WarehouseSettings settings = WarehouseSettings.load(workingDirectory, env);
        Sql sql = new Sql(Workspaces.connect(settings.databricks(), settings.consulted()), settings.warehouseId());
        sql.patience.limit(Patience.limit(env));
        return sql;
    }

    public String warehouseId() {
        return warehouseId;
    }

    public WorkspaceClient workspace() {
        return workspace;
    }

    /**
     * Checks {@code query} and sends it; returns at once with the statement's first state.
     *
     * @throws SqlRefusedException when it holds no statement or several, when it would write and
     *                             {@code limits.allowWrites()} is false, or when it cannot be read; nothing is sent
     */
    public SqlStatus start(String query, SqlLimits limits) {
        Statement statement = check(query, limits.allowWrites());
        ExecuteStatementRequest request = new ExecuteStatementRequest().setWarehouseId(warehouseId)
                .setStatement(query).setWaitTimeout("0s")
                .setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CONTINUE)
                .setDisposition(Disposition.INLINE).setFormat(Format.JSON_ARRAY)
                .setRowLimit(limits.maxRows() + 1L).setByteLimit(BYTE_LIMIT);
        StatementResponse response = patiently(false, "run a statement on SQL warehouse " + warehouseId,
                () -> workspace.statementExecution().executeStatement(request), () -> false);
        LOG.info("Statement {} ({}) sent to warehouse {}", response.getStatementId(), statement.verb(), warehouseId);
        return SqlStatus.of(response);
    }

    /** The one statement of {@code query}, when it may be sent. */
    static Statement check(String query, boolean allowWrites) {
        List<Statement> statements = StatementClassifier.classify(query);
        Optional<Statement> write = statements.stream().filter(Statement::writes).findFirst();
        if (write.isPresent() && !allowWrites) {
            throw new WriteRefusedException(write.get());
        }
        if (statements.isEmpty()) {
            throw new SqlRefusedException("The query holds no statement (only comments or semicolons). Send one "
                    + "SQL statement.");
        }
        if (statements.size() > 1) {
            throw new SqlRefusedException("The query holds " + statements.size() + " statements; the warehouse "
                    + "runs one at a time. Send them one by one, without the ';' between them.");
        }
        return statements.get(0);
    }

    /** The statement's state now. */
    public SqlStatus status(String statementId) {
        return status(statementId, () -> false);
    }

    private SqlStatus status(String statementId, BooleanSupplier giveUp) {
        return SqlStatus.of(patiently(true, "read the state of statement " + statementId,
                () -> workspace.statementExecution().getStatement(statementId), giveUp));
    }

    /**
     * Polls until the statement ends, {@code wait} passes or {@code stop} says to give up; returns the last state.
     */
    public SqlStatus await(String statementId, Duration wait, BooleanSupplier stop) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        BooleanSupplier pastWait = () -> stop.getAsBoolean() || System.nanoTime() > deadline;
        Backoff backoff = new Backoff(Duration.ofMillis(20), Duration.ofSeconds(1));
        SqlStatus status = status(statementId);
        while (!status.ended() && !stop.getAsBoolean()) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                break;
            }
            Thread.sleep(Math.min(left, backoff.nextMillis()));
            try {
                status = status(statementId, pastWait);
            } catch (WorkspaceUnavailableException e) {
                // The wait is over while the workspace does not answer: the statement's last known state stands,
                // and the caller polls it again later.
                LOG.warn("Statement {}: {}", statementId, e.getMessage());
                break;
            }
        }
        return status;
    }

    /**
     * Asks the warehouse to cancel the statement. Cancelling may silently fail or come too late (reference §6.5):
     * read the state afterwards.
     */
    public void cancel(String statementId) {
        patiently(true, "cancel statement " + statementId, () -> {
            workspace.statementExecution().cancelExecution(new CancelExecutionRequest().setStatementId(statementId));
            return null;
        }, () -> false);
        LOG.info("Asked warehouse {} to cancel statement {}", warehouseId, statementId);
    }

    /**
     * The rows of a statement that succeeded, read chunk by chunk until the result or a limit ends.
     */
    public SqlTable rows(SqlStatus status, SqlLimits limits) {
        if (!status.succeeded()) {
            throw new IllegalStateException("Statement " + status.statementId() + " is " + status.state());
        }
        StatementResponse response = status.response();
        List<SqlTable.Column> columns = columns(response);
        Fetch fetch = new Fetch(limits);
        ResultData chunk = response.getResult();
        while (chunk != null && fetch.add(chunk.getDataArray())) {
            Long next = chunk.getNextChunkIndex();
            chunk = next == null ? null : patiently(true, "read the rows of statement " + status.statementId(),
                    () -> workspace.statementExecution().getStatementResultChunkN(status.statementId(), next),
                    () -> false);
        }
        boolean truncated = response.getManifest() != null && Boolean.TRUE.equals(response.getManifest()
                .getTruncated());
        return fetch.table(columns, truncated);
    }

    /**
     * Calls the warehouse through an outage ({@link Patience}): a read is repeated after any transient failure, a
     * send only while the workspace surely did not act on it.
     */
    private <T> T patiently(boolean read, String doing, Supplier<T> call, BooleanSupplier giveUp) {
        try {
            return Failures.waiting(() -> read ? patience.read(doing, call, ProgressListener.NONE, giveUp)
                    : patience.send(doing, call, ProgressListener.NONE, giveUp), doing, workspace.config());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakebookException("Interrupted while trying to " + doing + ".");
        }
    }

    private static List<SqlTable.Column> columns(StatementResponse response) {
        if (response.getManifest() == null || response.getManifest().getSchema() == null
                || response.getManifest().getSchema().getColumns() == null) {
            return List.of();
        }
        List<SqlTable.Column> columns = new ArrayList<>();
        for (ColumnInfo column : response.getManifest().getSchema().getColumns()) {
            String type = column.getTypeText() != null ? column.getTypeText() : String.valueOf(column.getTypeName());
            columns.add(new SqlTable.Column(column.getName(), type));
        }
        return columns;
    }

    /** Collects rows up to the row and character caps. */
    private static final class Fetch {
        private final SqlLimits limits;
        private final List<List<String>> rows = new ArrayList<>();
        private long chars;
        private String cut;

        Fetch(SqlLimits limits) {
            this.limits = limits;
        }

        /** Adds a chunk's rows; false once a cap is reached, so no further chunk is read. */
        boolean add(Collection<Collection<String>> data) {
            for (Collection<String> row : data == null ? List.<Collection<String>>of() : data) {
                if (rows.size() >= limits.maxRows()) {
                    cut = "the first " + limits.maxRows() + " rows are shown (the row limit)";
                    return false;
                }
                long width = row.stream().mapToLong(value -> value == null ? 4 : value.length() + 3).sum();
                if (chars + width > limits.maxChars() && !rows.isEmpty()) {
                    cut = "the first " + rows.size() + " rows are shown (" + limits.maxChars()
                            + " characters of values at most)";
                    return false;
                }
                chars += width;
                rows.add(new ArrayList<>(row));
            }
            return true;
        }

        SqlTable table(List<SqlTable.Column> columns, boolean truncatedByWarehouse) {
            if (cut == null && truncatedByWarehouse) {
                cut = "the warehouse returned only the first " + rows.size() + " rows";
            }
            return new SqlTable(columns, rows, cut != null, Optional.ofNullable(cut));
        }
    }
}
