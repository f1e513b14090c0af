package io.lakebook.guard.workspace;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps two runs of the guard from applying at once. The deployed job already allows one run at a time
 * ({@code max_concurrent_runs: 1}, gateway-budgets §1.12), but a run by hand can overlap it. The lease is one row
 * in the guard's table; taking it is a compare-and-set on the row's version ({@code UPDATE … WHERE version = seen}),
 * so of two runs that read the same version only one changes the row: the other sees no row changed (or a write
 * conflict) and stands back. A lease runs out after {@link #TTL}, so a run that died does not block the next.
 */
public final class Lease {
    static final Duration TTL = Duration.ofMinutes(10);
    private static final String NAME = "'guard'";

    private final Warehouse warehouse;
    private final String table;
    private final String holder;
    private long version = -1;
    private long seen = -1;

    /** Who holds the lease and until when, when it is not free. */
    public record Holder(String holder, Instant until) {
    }

    public Lease(Warehouse warehouse, String table, String holder) {
        this.warehouse = warehouse;
        this.table = table;
        this.holder = holder;
    }

    static void ensure(Warehouse warehouse, String table) {
        try {
            warehouse.update("CREATE TABLE IF NOT EXISTS " + table + " AS SELECT " + NAME + " AS name, "
                    + "CAST(NULL AS STRING) AS holder, CAST(0 AS BIGINT) AS version, "
                    + "CAST(NULL AS TIMESTAMP) AS expires_at");
        } catch (StatementFailedException e) {
            // Another run made the table between the check and the create: it is there, which is all that counts.
            if (!e.reason().toUpperCase(java.util.Locale.ROOT).contains("ALREADY")) {
                throw e;
            }
        }
    }

    /** Takes the lease; empty when taken, else who holds it. */
    public Optional<Holder> acquire(Instant now) {
        Optional<Holder> other = check(now);
        return other.isPresent() ? other : take(now);
    }

    /**
     * Reads the lease without taking it: who holds it, or empty when it is free. A later {@link #take} succeeds only
     * if no run took the lease in between, so what this run read after the check is what it acts on.
     */
    public Optional<Holder> check(Instant now) {
        List<String> row = warehouse.query("SELECT holder, version, expires_at FROM " + table + " WHERE name = "
                + NAME).get(0);
        Instant until = Literals.instant(row.get(2));
        seen = Literals.number(row.get(1));
        if (row.get(0) != null && until != null && until.isAfter(now)) {
            return Optional.of(new Holder(row.get(0), until));
        }
        return Optional.empty();
    }

    /** Takes the lease if it is as {@link #check} found it; empty when taken, else who holds it now. */
    public Optional<Holder> take(Instant now) {
        long changed;
        try {
            changed = warehouse.update("UPDATE " + table + " SET holder = " + Literals.string(holder)
                    + ", version = " + (seen + 1) + ", expires_at = " + Literals.timestamp(now.plus(TTL))
                    + " WHERE name = " + NAME + " AND version = " + seen);
        } catch (StatementFailedException e) {
            changed = 0;
        }
        if (changed != 1) {
            return Optional.of(current().orElse(new Holder("another run", now.plus(TTL))));
        }
        version = seen + 1;
        return Optional.empty();
    }

    /** Whether this run still holds the lease: no one took it over after it ran out. */
    public boolean held() {
        List<String> row = warehouse.query("SELECT holder, version FROM " + table + " WHERE name = " + NAME).get(0);
        return holder.equals(row.get(0)) && version == Literals.number(row.get(1));
    }

    public void release() {
        if (version < 0) {
            return;
        }
        warehouse.update("UPDATE " + table + " SET holder = NULL, expires_at = NULL, version = " + (version + 1)
                + " WHERE name = " + NAME + " AND version = " + version + " AND holder = " + Literals.string(holder));
        version = -1;
    }

    private Optional<Holder> current() {
        List<String> row = warehouse.query("SELECT holder, expires_at FROM " + table + " WHERE name = " + NAME).get(0);
        return row.get(0) == null ? Optional.empty() : Optional.of(new Holder(row.get(0),
                Literals.instant(row.get(1))));
    }
}
