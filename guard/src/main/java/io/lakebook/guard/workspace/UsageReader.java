package io.lakebook.guard.workspace;

import io.lakebook.guard.budget.Budgets;
import io.lakebook.guard.plan.UsageRow;
import io.lakebook.guard.plan.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads this period's usage of the governed endpoints from {@code system.serving.endpoint_usage}, aggregated in the
 * warehouse into one row per user, endpoint and served model, with tokens split by price segment and the burn
 * window's tokens apart. Only successful calls count (gateway-budgets §1.1: whether refused rows carry tokens is
 * unconfirmed). The model comes from {@code system.serving.served_entities}, a slowly changing table with one row
 * per configuration version (gateway-budgets §1.2), so it is reduced to one row per served entity before the join,
 * or usage would be counted once per version.
 */
public final class UsageReader {
    private final Warehouse warehouse;

    public UsageReader(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The warehouse's clock: the guard's "now", the same clock usage rows are stamped with. */
    public Instant now() {
        return Literals.instant(warehouse.query("SELECT current_timestamp()").get(0).get(0));
    }

    /** The window of this period as of {@code now}: price segments and the burn window. */
    public static UsageWindow window(Budgets budgets, Instant now) {
        Instant start = budgets.periodStart(now);
        List<Instant> segments = new ArrayList<>();
        segments.add(start);
        segments.addAll(budgets.prices().changesBetween(start, now));
        Instant recent = now.minus(budgets.burnWindow());
        return new UsageWindow(start, segments, recent.isAfter(start) ? recent : start, now);
    }

    public List<UsageRow> read(Budgets budgets, UsageWindow window) {
        List<UsageRow> rows = new ArrayList<>();
        int segments = window.segmentStarts().size();
        List<List<String>> result;
        try {
            result = warehouse.query(statement(budgets, window));
        } catch (StatementFailedException e) {
            throw new io.lakebook.core.error.WorkspaceException("Could not read usage from "
                    + "system.serving.endpoint_usage: " + e.reason() + ". The guard's principal needs SELECT on "
                    + "system.serving.endpoint_usage and system.serving.served_entities (only account admins can "
                    + "read them until one grants it), and usage tracking must be on for the governed endpoints.", e);
        }
        for (List<String> row : result) {
            long[] in = new long[segments];
            long[] out = new long[segments];
            for (int i = 0; i < segments; i++) {
                in[i] = Literals.number(row.get(3 + 2 * i));
                out[i] = Literals.number(row.get(4 + 2 * i));
            }
            int tail = 3 + 2 * segments;
            rows.add(new UsageRow(row.get(0).toLowerCase(Locale.ROOT), row.get(1), row.get(2), in, out,
                    Literals.number(row.get(tail)), Literals.number(row.get(tail + 1)),
                    Literals.instant(row.get(tail + 2))));
        }
        return rows;
    }

    /**
     * The data lag, measured from the table's freshness rather than from anyone's own calls: how far the newest row
     * of the last interval (any requester, any endpoint, any status) is behind now, at most the interval and
     * {@code max_lag}. When no row of the last interval exists, nothing shows the lag, and the file's
     * {@code default_lag} is assumed: a quiet workspace must not make everyone's projection run further ahead.
     */
    public Lag lag(Budgets budgets, Instant now) {
        Instant from = now.minus(budgets.interval());
        List<List<String>> rows = warehouse.query("SELECT max(request_time) FROM system.serving.endpoint_usage "
                + "WHERE request_time >= " + Literals.timestamp(from) + " AND request_time <= "
                + Literals.timestamp(now));
        Instant newest = rows.isEmpty() || rows.get(0).isEmpty() ? null : Literals.instant(rows.get(0).get(0));
        if (newest == null) {
            return new Lag(budgets.defaultLag(), false);
        }
        Duration lag = Duration.between(newest, now);
        Duration cap = budgets.interval().compareTo(budgets.maxLag()) < 0 ? budgets.interval() : budgets.maxLag();
        return new Lag(lag.isNegative() ? Duration.ZERO : lag.compareTo(cap) > 0 ? cap : lag, true);
    }

    /** The data lag a projection uses, and whether a recent row showed it. */
    public record Lag(Duration value, boolean measured) {
    }

    static String statement(Budgets budgets, UsageWindow window) {
        StringBuilder select = new StringBuilder("SELECT u.requester, e.endpoint_name, e.entity_name");
        List<Instant> starts = window.segmentStarts();
        for (int i = 0; i < starts.size(); i++) {
            String inSegment = i + 1 < starts.size() ? "u.request_time < " + Literals.timestamp(starts.get(i + 1))
                    + (i > 0 ? " AND u.request_time >= " + Literals.timestamp(starts.get(i)) : "")
                    : i > 0 ? "u.request_time >= " + Literals.timestamp(starts.get(i)) : "TRUE";
            select.append(",\n  SUM(CASE WHEN ").append(inSegment).append(" THEN coalesce(u.input_token_count, 0) "
                    + "ELSE 0 END) AS input_").append(i);
            select.append(",\n  SUM(CASE WHEN ").append(inSegment).append(" THEN coalesce(u.output_token_count, 0) "
                    + "ELSE 0 END) AS output_").append(i);
        }
        String recent = "u.request_time >= " + Literals.timestamp(window.recentFrom());
        select.append(",\n  SUM(CASE WHEN ").append(recent).append(" THEN coalesce(u.input_token_count, 0) ELSE 0 "
                + "END) AS recent_input");
        select.append(",\n  SUM(CASE WHEN ").append(recent).append(" THEN coalesce(u.output_token_count, 0) ELSE 0 "
                + "END) AS recent_output");
        select.append(",\n  MAX(u.request_time) AS last_request");
        String endpoints = budgets.endpoints().stream().map(Literals::string).collect(Collectors.joining(", "));
        return select + "\nFROM system.serving.endpoint_usage u\n"
                + "JOIN (SELECT served_entity_id, MAX(endpoint_name) AS endpoint_name, MAX(entity_name) AS entity_name"
                + " FROM system.serving.served_entities GROUP BY served_entity_id) e\n"
                + "  ON u.served_entity_id = e.served_entity_id\n"
                + "WHERE u.request_time >= " + Literals.timestamp(window.periodStart())
                + " AND u.status_code >= 200 AND u.status_code < 300 AND u.requester IS NOT NULL\n"
                + "  AND e.endpoint_name IN (" + endpoints + ")\n"
                + "GROUP BY u.requester, e.endpoint_name, e.entity_name";
    }
}
