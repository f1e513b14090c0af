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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's own tables in {@code state.schema}: the status of each user, the rate-limit entries the guard owns,
 * the lease that keeps two runs apart, the append-only audit trail and the notifications sent. A table that does not
 * exist yet reads as empty, so {@code plan} needs no write permission.
 */
public final class StateStore {
    static final int BATCH = 500;
    /** The view of {@code guard_status} that shows each user only their own row. */
    public static final String MY_STATUS = "guard_my_status";
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
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
                + "updated_at TIMESTAMP, run_id STRING, currency STRING, time_zone STRING");
        tables.put("guard_entries", "endpoint STRING, rate_limit_key STRING, principal STRING, state STRING, "
                + "run_id STRING, updated_at TIMESTAMP, note STRING");
        tables.put("guard_audit", "logged_at TIMESTAMP, run_id STRING, actor STRING, user_name STRING, "
                + "endpoint STRING, action STRING, reason STRING, spent DECIMAL(18,6), budget DECIMAL(18,6), "
                + "projected DECIMAL(18,6), result STRING");
        tables.put("guard_notices", "event_key STRING, user_name STRING, event STRING, sent_at TIMESTAMP, "
                + "result STRING, payload STRING");
        tables.put("guard_lease", null);
        tables.put(MY_STATUS, null);
        return tables;
    }

    public String table(String name) {
        return schema + "." + name;
    }

    /**
     * Creates the schema and those of the tables that are missing (found through Unity Catalog, so a run that finds
     * them all sends no DDL); the lease table is made with its one row. The audit table is append-only where the
     * warehouse takes table properties ({@code delta.appendOnly}: "existing records cannot be deleted, and existing
     * values cannot be updated", docs.databricks.com/delta/table-properties). {@value #MY_STATUS} is the view users
     * are granted: each sees only their own row ({@code current_user()}, as Databricks' dynamic views do).
     */
    public void ensure(WorkspaceClient workspace) {
        Map<String, Set<String>> present = existing(workspace);
        Map<String, List<String>> missing = missingColumns(present);
        if (present.keySet().containsAll(TABLES.keySet()) && missing.isEmpty()) {
            return;
        }
        if (present.isEmpty()) {
            warehouse.update("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        TABLES.forEach((name, columns) -> {
            if (!present.containsKey(name) && columns != null) {
                create(name, columns);
            }
        });
        // Tables made by an earlier version of the guard get the columns added since; nothing in them is lost.
        missing.forEach((name, columns) -> columns.forEach(column -> warehouse.update("ALTER TABLE " + table(name)
                + " ADD COLUMN " + column)));
        if (!present.containsKey("guard_lease")) {
            Lease.ensure(warehouse, table("guard_lease"));
        }
        if (!present.containsKey(MY_STATUS)) {
            warehouse.update("CREATE VIEW IF NOT EXISTS " + table(MY_STATUS) + " AS SELECT " + String.join(", ",
                    names(TABLES.get("guard_status"))) + " FROM " + table("guard_status")
                    + " WHERE lower(user_name) = lower(current_user())");
        }
    }

    /** The column definitions each existing table of the guard's lacks. */
    private static Map<String, List<String>> missingColumns(Map<String, Set<String>> present) {
        Map<String, List<String>> missing = new java.util.LinkedHashMap<>();
        TABLES.forEach((name, columns) -> {
            Set<String> have = present.get(name);
            if (columns == null || have == null || have.isEmpty()) {
                return;
            }
            for (String column : columns.split(", ")) {
                if (!have.contains(column.substring(0, column.indexOf(' ')).toLowerCase(java.util.Locale.ROOT))) {
                    missing.computeIfAbsent(name, key -> new ArrayList<>()).add(column);
                }
            }
        });
        return missing;
    }

    private static List<String> names(String columns) {
        List<String> names = new ArrayList<>();
        for (String column : columns.split(", ")) {
            names.add(column.substring(0, column.indexOf(' ')));
        }
        return names;
    }

    private void create(String name, String columns) {
        String create = "CREATE TABLE IF NOT EXISTS " + table(name) + " (" + columns + ")";
        if (!name.equals("guard_audit")) {
            warehouse.update(create);
            return;
        }
        try {
            warehouse.update(create + " TBLPROPERTIES ('delta.appendOnly' = 'true')");
        } catch (StatementFailedException e) {
            LOG.warn("The warehouse did not take table properties ({}); {} is created without delta.appendOnly",
                    e.reason(), table(name));
            warehouse.update(create);
        }
    }

    /** The guard's tables and views that exist, with their columns (lower case). */
    private Map<String, Set<String>> existing(WorkspaceClient workspace) {
        String[] parts = schema.split("\\.");
        try {
            Map<String, Set<String>> tables = new HashMap<>();
            workspace.tables().list(new ListTablesRequest().setCatalogName(parts[0]).setSchemaName(parts[1]))
                    .forEach(table -> {
                        Set<String> columns = new HashSet<>();
                        if (table.getColumns() != null) {
                            table.getColumns().forEach(column -> columns.add(column.getName()
                                    .toLowerCase(java.util.Locale.ROOT)));
                        }
                        tables.put(table.getName(), columns);
                    });
            return tables;
        } catch (NotFound e) {
            return Map.of();
        } catch (DatabricksException e) {
            throw Failures.explain(e, "list the tables of " + schema);
        }
    }

    public Map<String, StatusRow> statusRows() {
        Map<String, StatusRow> rows = new HashMap<>();
        for (List<String> row : readOrEmpty(statusQuery("guard_status", ""))) {
            StatusRow status = status(row);
            rows.put(status.user(), status);
        }
        return rows;
    }

    /**
     * One user's row, from {@code guard_status} ({@code fromTable}, for admins) or from the view {@value #MY_STATUS},
     * which shows users only their own; fails with {@link StatementFailedException} when it cannot be read.
     */
    public java.util.Optional<StatusRow> status(String user, boolean fromTable) {
        return warehouse.query(statusQuery(fromTable ? "guard_status" : MY_STATUS, " WHERE user_name = "
                + Literals.string(user))).stream().findFirst().map(StateStore::status);
    }

    public List<OwnedEntry> ownedEntries() {
        List<OwnedEntry> entries = new ArrayList<>();
        for (List<String> row : readOrEmpty("SELECT endpoint, rate_limit_key, principal, state, note FROM "
                + table("guard_entries"))) {
            entries.add(new OwnedEntry(row.get(0), row.get(1), row.get(2), row.get(3), row.get(4)));
        }
        return entries;
    }

    /** The notices sent since {@code since}, by key. */
    public Set<String> sentNotices(Instant since) {
        return readOrEmpty("SELECT DISTINCT event_key FROM " + table("guard_notices") + " WHERE sent_at >= "
                + Literals.timestamp(since) + " AND result = 'sent'").stream().map(row -> row.get(0))
                .collect(Collectors.toSet());
    }

    /** A notice that could not be sent and has not been sent since: its key, user, event and body. */
    public record PendingNotice(String key, String user, String event, String payload) {
    }

    public List<PendingNotice> pendingNotices(Instant since) {
        String notices = table("guard_notices");
        List<PendingNotice> pending = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<String> row : readOrEmpty("SELECT n.event_key, n.user_name, n.event, n.payload FROM " + notices
                + " n WHERE n.sent_at >= " + Literals.timestamp(since) + " AND n.result <> 'sent' AND n.payload IS "
                + "NOT NULL AND n.event_key NOT IN (SELECT event_key FROM " + notices + " WHERE result = 'sent') "
                + "ORDER BY n.sent_at")) {
            if (seen.add(row.get(0))) {
                pending.add(new PendingNotice(row.get(0), row.get(1), row.get(2), row.get(3)));
            }
        }
        return pending;
    }

    /** {@code action|user|endpoint|reason} of the audit rows of these actions since {@code since}. */
    public Set<String> auditedSince(Instant since, Set<String> actions) {
        return readOrEmpty("SELECT action, user_name, endpoint, reason FROM " + table("guard_audit")
                + " WHERE logged_at >= " + Literals.timestamp(since) + " AND action IN (" + actions.stream()
                .map(Literals::string).collect(Collectors.joining(", ")) + ")").stream()
                .map(row -> row.get(0) + "|" + row.get(1) + "|" + row.get(2) + "|" + row.get(3))
                .collect(Collectors.toSet());
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
                    + Literals.timestamp(now) + ", " + Literals.string(runId) + ", " + Literals.string(row.currency())
                    + ", " + Literals.string(row.timeZone()) + ")"));
        }
    }

    /**
     * Records, before the PUT that adds them, the entries the guard is about to own; a row left by an earlier try
     * for the same entry is replaced, not added to.
     */
    public void claimEntries(String endpoint, List<OwnedEntry> entries, Instant now, String runId) {
        for (List<OwnedEntry> batch : batches(entries)) {
            deleteEntries(endpoint, batch.stream().map(OwnedEntry::id).collect(Collectors.toSet()));
            insertEntries(endpoint, batch, now, runId);
        }
    }

    /** Marks entries someone else changed or removed as released, with what was found. */
    public void releaseEntries(String endpoint, List<OwnedEntry> entries, Instant now, String runId) {
        claimEntries(endpoint, entries, now, runId);
    }

    /** The endpoint's rows become exactly {@code rows}: one per entry, nothing left from failed tries. */
    public void settleEntries(String endpoint, List<OwnedEntry> rows, Instant now, String runId) {
        warehouse.update("DELETE FROM " + table("guard_entries") + " WHERE endpoint = " + Literals.string(endpoint));
        for (List<OwnedEntry> batch : batches(rows)) {
            insertEntries(endpoint, batch, now, runId);
        }
    }

    private void deleteEntries(String endpoint, Set<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        warehouse.update("DELETE FROM " + table("guard_entries") + " WHERE endpoint = " + Literals.string(endpoint)
                + " AND concat(rate_limit_key, ':', principal) IN (" + ids.stream().map(Literals::string)
                .collect(Collectors.joining(", ")) + ")");
    }

    private void insertEntries(String endpoint, List<OwnedEntry> rows, Instant now, String runId) {
        if (rows.isEmpty()) {
            return;
        }
        warehouse.update("INSERT INTO " + table("guard_entries") + " VALUES " + values(rows, entry -> "("
                + Literals.string(endpoint) + ", " + Literals.string(entry.key()) + ", "
                + Literals.string(entry.principal()) + ", " + Literals.string(entry.state()) + ", "
                + Literals.string(runId) + ", " + Literals.timestamp(now) + ", " + Literals.string(entry.note())
                + ")"));
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

    /** One try to send a notice: {@code sent}, or {@code failed: why} with the body kept for the next run. */
    public void recordNotice(String key, String user, String event, Instant now, String result, String payload) {
        warehouse.update("INSERT INTO " + table("guard_notices") + " VALUES (" + Literals.string(key) + ", "
                + Literals.string(user) + ", " + Literals.string(event) + ", " + Literals.timestamp(now) + ", "
                + Literals.string(result) + ", " + Literals.string(payload) + ")");
    }

    /** The audit trail, newest first, for {@code status} and tests. */
    public List<List<String>> audit(String user, int limit) {
        return readOrEmpty("SELECT logged_at, action, reason, spent, budget, projected, result FROM "
                + table("guard_audit") + (user == null ? "" : " WHERE user_name = " + Literals.string(user))
                + " ORDER BY logged_at DESC LIMIT " + limit);
    }

    private String statusQuery(String from, String where) {
        return "SELECT user_name, period_start, spent, budget, action, reason, blocked_since, blocked_until, "
                + "block_budget, warned_period_start, updated_at, currency, time_zone FROM " + table(from) + where;
    }

    private static StatusRow status(List<String> row) {
        return new StatusRow(row.get(0), Literals.instant(row.get(1)), decimal(row.get(2)), decimal(row.get(3)),
                row.get(4), row.get(5), Literals.instant(row.get(6)), Literals.instant(row.get(7)),
                decimal(row.get(8)), Literals.instant(row.get(9)), Literals.instant(row.get(10)), row.get(11),
                row.get(12));
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
