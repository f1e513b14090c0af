package io.lakebook.guard.workspace;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.catalog.ListTablesRequest;
import io.lakebook.core.remote.Failures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The guard's own tables in {@code state.schema}: the status of each user, the rate-limit entries the guard owns,
 * the lease that keeps two runs apart, the append-only audit trail and the notifications sent. A table that does not
 * exist yet reads as empty, so {@code plan} needs no write permission.
 */
public final class StateStore {
    static final int BATCH = 500;
    /** The tables and their columns; the lease table is made with its row (see {@link Lease}). */
    private static final Map<String, String> TABLES = tables();
    private final Warehouse warehouse;
    private final String schema;

    public StateStore(Warehouse warehouse, String schema) {
        this.warehouse = warehouse;
        this.schema = schema;
    }

    private static Map<String, String> tables() {
        Map<String, String> tables = new java.util.LinkedHashMap<>();
        tables.put("guard_status", "user_name STRING, period_start TIMESTAMP, spent DECIMAL(18,6), "
                + "budget DECIMAL(18,6), action STRING, reason STRING, blocked_since TIMESTAMP, "
                + "blocked_until TIMESTAMP, block_budget DECIMAL(18,6), warned_period_start TIMESTAMP, "
                + "updated_at TIMESTAMP, run_id STRING");
        tables.put("guard_entries", "endpoint STRING, rate_limit_key STRING, principal STRING, state STRING, "
                + "run_id STRING, updated_at TIMESTAMP");
        tables.put("guard_audit", "logged_at TIMESTAMP, run_id STRING, actor STRING, user_name STRING, "
                + "endpoint STRING, action STRING, reason STRING, spent DECIMAL(18,6), budget DECIMAL(18,6), "
                + "projected DECIMAL(18,6), result STRING");
        tables.put("guard_notices", "event_key STRING, user_name STRING, event STRING, sent_at TIMESTAMP, "
                + "result STRING");
        tables.put("guard_lease", null);
        return tables;
    }

    public String table(String name) {
        return schema + "." + name;
    }

    /**
     * Creates the schema and those of the tables that are missing (found through Unity Catalog, so a run that finds
     * them all sends no DDL); the lease table is made with its one row.
     */
    public void ensure(WorkspaceClient workspace) {
        Set<String> present = existing(workspace);
        if (present.containsAll(TABLES.keySet())) {
            return;
        }
        if (present.isEmpty()) {
            warehouse.update("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        TABLES.forEach((name, columns) -> {
            if (!present.contains(name) && columns != null) {
                warehouse.update("CREATE TABLE IF NOT EXISTS " + table(name) + " (" + columns + ")");
            }
        });
        if (!present.contains("guard_lease")) {
            Lease.ensure(warehouse, table("guard_lease"));
        }
    }

    private Set<String> existing(WorkspaceClient workspace) {
        String[] parts = schema.split("\\.");
        try {
            Set<String> names = new HashSet<>();
            workspace.tables().list(new ListTablesRequest().setCatalogName(parts[0]).setSchemaName(parts[1]))
                    .forEach(table -> names.add(table.getName()));
            return names;
        } catch (NotFound e) {
            return Set.of();
        } catch (DatabricksException e) {
            throw Failures.explain(e, "list the tables of " + schema);
        }
    }

    public Map<String, StatusRow> statusRows() {
        Map<String, StatusRow> rows = new HashMap<>();
        for (List<String> row : readOrEmpty(statusQuery(""))) {
            StatusRow status = status(row);
            rows.put(status.user(), status);
        }
        return rows;
    }

    public java.util.Optional<StatusRow> status(String user) {
        return readOrEmpty(statusQuery(" WHERE user_name = " + Literals.string(user))).stream().findFirst()
                .map(StateStore::status);
    }

    public List<OwnedEntry> ownedEntries() {
        List<OwnedEntry> entries = new ArrayList<>();
        for (List<String> row : readOrEmpty("SELECT endpoint, rate_limit_key, principal, state FROM "
                + table("guard_entries"))) {
            entries.add(new OwnedEntry(row.get(0), row.get(1), row.get(2), "placed".equals(row.get(3))));
        }
        return entries;
    }

    public Set<String> noticeKeys(Instant since) {
        return readOrEmpty("SELECT event_key FROM " + table("guard_notices") + " WHERE sent_at >= "
                + Literals.timestamp(since)).stream().map(row -> row.get(0)).collect(Collectors.toSet());
    }

    /** Replaces the status rows of these users. */
    public void writeStatus(List<StatusRow> rows, Instant now, String runId) {
        for (List<StatusRow> batch : batches(rows)) {
            warehouse.update("DELETE FROM " + table("guard_status") + " WHERE user_name IN (" + batch.stream()
                    .map(row -> Literals.string(row.user())).collect(Collectors.joining(", ")) + ")");
            warehouse.update("INSERT INTO " + table("guard_status") + " VALUES " + values(batch, row -> "("
                    + Literals.string(row.user()) + ", " + Literals.timestamp(row.periodStart()) + ", "
                    + Literals.decimal(row.spent()) + ", " + Literals.decimal(row.budget()) + ", "
                    + Literals.string(row.action()) + ", " + Literals.string(row.reason()) + ", "
                    + Literals.timestamp(row.blockedSince()) + ", " + Literals.timestamp(row.blockedUntil()) + ", "
                    + Literals.decimal(row.blockBudget()) + ", " + Literals.timestamp(row.warnedPeriodStart()) + ", "
                    + Literals.timestamp(now) + ", " + Literals.string(runId) + ")"));
        }
    }

    /** Records, before the PUT that adds them, the entries the guard is about to own. */
    public void claimEntries(String endpoint, List<OwnedEntry> entries, Instant now, String runId) {
        for (List<OwnedEntry> batch : batches(entries)) {
            warehouse.update("INSERT INTO " + table("guard_entries") + " VALUES " + values(batch, entry -> "("
                    + Literals.string(endpoint) + ", " + Literals.string(entry.key()) + ", "
                    + Literals.string(entry.principal()) + ", 'adding', " + Literals.string(runId) + ", "
                    + Literals.timestamp(now) + ")"));
        }
    }

    /** After a confirmed PUT: the endpoint's owned entries are exactly {@code kept}, all placed. */
    public void settleEntries(String endpoint, Set<String> kept) {
        String where = " WHERE endpoint = " + Literals.string(endpoint);
        String keys = kept.stream().map(Literals::string).collect(Collectors.joining(", "));
        warehouse.update("DELETE FROM " + table("guard_entries") + where + (kept.isEmpty() ? ""
                : " AND concat(rate_limit_key, ':', principal) NOT IN (" + keys + ")"));
        if (!kept.isEmpty()) {
            warehouse.update("UPDATE " + table("guard_entries") + " SET state = 'placed'" + where
                    + " AND state = 'adding'");
        }
    }

    /** Gives up ownership of entries someone else changed or removed. */
    public void releaseEntries(String endpoint, Set<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        warehouse.update("DELETE FROM " + table("guard_entries") + " WHERE endpoint = " + Literals.string(endpoint)
                + " AND concat(rate_limit_key, ':', principal) IN (" + keys.stream().map(Literals::string)
                .collect(Collectors.joining(", ")) + ")");
    }

    public void appendAudit(List<AuditRow> rows, Instant now, String runId, String actor) {
        for (List<AuditRow> batch : batches(rows)) {
            warehouse.update("INSERT INTO " + table("guard_audit") + " VALUES " + values(batch, row -> "("
                    + Literals.timestamp(now) + ", " + Literals.string(runId) + ", " + Literals.string(actor) + ", "
                    + Literals.string(row.user()) + ", " + Literals.string(row.endpoint()) + ", "
                    + Literals.string(row.action()) + ", " + Literals.string(row.reason()) + ", "
                    + Literals.decimal(row.spent()) + ", " + Literals.decimal(row.budget()) + ", "
                    + Literals.decimal(row.projected()) + ", " + Literals.string(row.result()) + ")"));
        }
    }

    public void recordNotice(String key, String user, String event, Instant now, String result) {
        warehouse.update("INSERT INTO " + table("guard_notices") + " VALUES (" + Literals.string(key) + ", "
                + Literals.string(user) + ", " + Literals.string(event) + ", " + Literals.timestamp(now) + ", "
                + Literals.string(result) + ")");
    }

    /** The audit trail, newest first, for {@code status} and tests. */
    public List<List<String>> audit(String user, int limit) {
        return readOrEmpty("SELECT logged_at, action, reason, spent, budget, projected, result FROM "
                + table("guard_audit") + (user == null ? "" : " WHERE user_name = " + Literals.string(user))
                + " ORDER BY logged_at DESC LIMIT " + limit);
    }

    private String statusQuery(String where) {
        return "SELECT user_name, period_start, spent, budget, action, reason, blocked_since, blocked_until, "
                + "block_budget, warned_period_start, updated_at FROM " + table("guard_status") + where;
    }

    private static StatusRow status(List<String> row) {
        return new StatusRow(row.get(0), Literals.instant(row.get(1)), decimal(row.get(2)), decimal(row.get(3)),
                row.get(4), row.get(5), Literals.instant(row.get(6)), Literals.instant(row.get(7)),
                decimal(row.get(8)), Literals.instant(row.get(9)), Literals.instant(row.get(10)));
    }

    private static java.math.BigDecimal decimal(String text) {
        return text == null ? null : new java.math.BigDecimal(text);
    }

    private List<List<String>> readOrEmpty(String statement) {
        try {
            return warehouse.query(statement);
        } catch (StatementFailedException e) {
            if (e.tableMissing()) {
                return List.of();
            }
            throw e;
        }
    }

    private static <T> String values(List<T> rows, Function<T, String> row) {
        return rows.stream().map(row).collect(Collectors.joining(", "));
    }

    private static <T> List<List<T>> batches(List<T> rows) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += BATCH) {
            batches.add(rows.subList(i, Math.min(rows.size(), i + BATCH)));
        }
        return batches;
    }

    static Set<String> keys(List<OwnedEntry> entries) {
        Set<String> keys = new HashSet<>();
        entries.forEach(entry -> keys.add(entry.key() + ":" + entry.principal()));
        return keys;
    }
}
