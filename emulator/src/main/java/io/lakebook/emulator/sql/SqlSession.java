package io.lakebook.emulator.sql;

import io.lakebook.emulator.EmulatorException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the engine with its own current catalog and schema, as a statement or a notebook has. One
 * statement runs at a time; {@link #cancel()} may be called from any other thread and stops it for real: the
 * engine interrupts the query, and the running thread is interrupted too, which is what wakes
 * {@code lakebook_sleep}.
 */
public final class SqlSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlSession.class);

    private final Connection connection;
    private final Clock clock;
    private final TableRules rules;
    private final Object lock = new Object();
    private PreparedStatement running;
    private Thread runner;
    private volatile boolean cancelled;

    SqlSession(Connection connection, Clock clock, TableRules rules) {
        this.connection = connection;
        this.clock = clock;
        this.rules = rules;
    }

    /**
     * Who runs this session's statements, as SQL's {@code current_user()} tells them (a view that filters on it, as
     * Databricks' dynamic views do, shows each caller their own rows).
     */
    public void actAs(String userName) {
        try (PreparedStatement statement = connection.prepareStatement("SET VARIABLE lakebook_user = ?")) {
            statement.setString(1, userName);
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("The engine did not take the session's user: " + e.getMessage(), e);
        }
    }

    /**
     * Like {@code USE CATALOG} then {@code USE SCHEMA} (reference §6.1); a null part keeps the current one, and a
     * catalog alone selects its {@code default} schema, as Spark does.
     */
    public void use(String catalog, String schema) {
        if (catalog == null && schema == null) {
            return;
        }
        String engineCatalog = catalog == null ? currentCatalog() : Catalogs.toEngine(catalog);
        if (!catalogExists(Catalogs.fromEngine(engineCatalog))) {
            throw SqlErrors.noSuchCatalog(catalog);
        }
        String target = schema != null ? schema : hasSchema(engineCatalog, "default") ? "default" : null;
        if (target != null && !hasSchema(engineCatalog, target)) {
            throw new SqlFailure("SCHEMA_NOT_FOUND", "42704", "The schema `" + Catalogs.fromEngine(engineCatalog)
                    + "`.`" + schema + "` cannot be found. Verify the spelling and correctness of the schema and "
                    + "catalog.");
        }
        String quoted = "\"" + engineCatalog + "\"" + (target == null ? "" : ".\"" + target + "\"");
        try (PreparedStatement statement = connection.prepareStatement("USE " + quoted)) {
            statement.execute();
        } catch (SQLException e) {
            throw SqlErrors.reword(e, "USE " + quoted, this::catalogExists);
        }
    }

    /**
     * Runs one statement. {@code rowLimit} below zero keeps every row; otherwise rows past it are dropped and the
     * result says it was truncated. Fails with {@link SqlFailure} worded as Spark, or {@link SqlCancelled}.
     */
    public SqlResult run(String sparkSql, Map<String, SqlParameter> parameters, long rowLimit) {
        return run(sparkSql, parameters, rowLimit, () -> false);
    }

    /**
     * Runs one statement as {@link #run(String, Map, long)} does, unless {@code cancelledBefore} says, as it is about
     * to start, that it was cancelled already: a cancel that arrives between the statement's acceptance and its
     * start would find nothing running to stop. The caller sets what {@code cancelledBefore} reads before it calls
     * {@link #cancel()}.
     */
    public SqlResult run(String sparkSql, Map<String, SqlParameter> parameters, long rowLimit,
                         BooleanSupplier cancelledBefore) {
        TableRules.Prepared prepared = rules.prepare(sparkSql, this::qualify,
                () -> Catalogs.fromEngine(currentCatalog()));
        if (prepared.answer().isPresent()) {
            return prepared.answer().get();
        }
        SqlResult result = runInEngine(prepared.sql(), parameters, rowLimit, cancelledBefore);
        rules.succeeded(prepared);
        return result;
    }

    /** {@code catalog.schema.table} of a name as written, with this session's current catalog and schema. */
    private String qualify(List<String> parts) {
        List<String> full = new ArrayList<>(parts);
        if (full.size() < 3) {
            full.add(0, Catalogs.fromEngine(currentCatalog()));
        }
        if (full.size() < 3) {
            full.add(1, currentSchema());
        }
        return String.join(".", full).toLowerCase(Locale.ROOT);
    }

    private String currentSchema() {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_schema()");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("The engine did not say its current schema: " + e.getMessage(), e);
        }
    }

    private SqlResult runInEngine(String sparkSql, Map<String, SqlParameter> parameters, long rowLimit,
                                  BooleanSupplier cancelledBefore) {
        SqlText.Translation translation = SqlText.translate(sparkSql, parameters, clock.instant());
        LOG.debug("Engine SQL: {}", translation.sql());
        try (PreparedStatement statement = connection.prepareStatement(translation.sql())) {
            for (int i = 0; i < translation.bindings().size(); i++) {
                statement.setObject(i + 1, translation.bindings().get(i)[0]);
            }
            if (!begin(statement, cancelledBefore)) {
                throw new SqlCancelled();
            }
            try {
                return fetch(statement, sparkSql, rowLimit);
            } finally {
                end();
            }
        } catch (SQLException e) {
            if (cancelled) {
                throw new SqlCancelled();
            }
            throw SqlErrors.reword(e, sparkSql, this::catalogExists);
        }
    }

    /** Stops the running statement, if any; the statement then fails with {@link SqlCancelled}. */
    public void cancel() {
        synchronized (lock) {
            if (running == null) {
                return;
            }
            cancelled = true;
            try {
                running.cancel();
            } catch (SQLException e) {
                LOG.debug("The engine did not take the cancel", e);
            }
            runner.interrupt();
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing an engine connection failed", e);
        }
    }

    /** Registers the statement for {@link #cancel()}; false, registering nothing, if it was cancelled already. */
    private boolean begin(PreparedStatement statement, BooleanSupplier cancelledBefore) {
        synchronized (lock) {
            if (cancelledBefore.getAsBoolean()) {
                return false;
            }
            running = statement;
            runner = Thread.currentThread();
            cancelled = false;
            return true;
        }
    }

    private void end() {
        synchronized (lock) {
            running = null;
            runner = null;
            // A cancel that raced the end of the statement must not leave the flag set for the next one.
            Thread.interrupted();
        }
    }

    private SqlResult fetch(PreparedStatement statement, String sparkSql, long rowLimit) throws SQLException {
        if (!statement.execute()) {
            return affectedRows(sparkSql, statement.getUpdateCount());
        }
        try (ResultSet rows = statement.getResultSet()) {
            ResultSetMetaData meta = rows.getMetaData();
            List<SqlColumn> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(new SqlColumn(meta.getColumnLabel(i), SqlType.fromEngine(meta.getColumnTypeName(i))));
            }
            List<List<Object>> data = new ArrayList<>();
            boolean truncated = false;
            while (rows.next()) {
                if (rowLimit >= 0 && data.size() >= rowLimit) {
                    truncated = true;
                    break;
                }
                data.add(row(rows, columns.size()));
            }
            return new SqlResult(List.copyOf(columns), data, truncated);
        }
    }

    private static List<Object> row(ResultSet rows, int width) throws SQLException {
        List<Object> row = new ArrayList<>(width);
        for (int i = 1; i <= width; i++) {
            Object value = SqlValues.plain(rows.getObject(i));
            // current_catalog() and information_schema name catalogs by their engine names; clients see the
            // workspace's names (Catalogs).
            row.add(value instanceof String text && Catalogs.ENGINE_NAMES.contains(text) ? Catalogs.fromEngine(text)
                    : value);
        }
        return row;
    }

    /** Spark answers INSERT, UPDATE, DELETE and MERGE with row counts; DDL answers with no columns. */
    private static SqlResult affectedRows(String sparkSql, int count) {
        String verb = sparkSql.trim().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        SqlType bigint = SqlType.fromEngine("BIGINT");
        if (verb.equals("INSERT")) {
            return new SqlResult(List.of(new SqlColumn("num_affected_rows", bigint),
                    new SqlColumn("num_inserted_rows", bigint)), List.of(List.of((long) count, (long) count)), false);
        }
        if (List.of("UPDATE", "DELETE", "MERGE").contains(verb)) {
            return new SqlResult(List.of(new SqlColumn("num_affected_rows", bigint)), List.of(List.of((long) count)),
                    false);
        }
        return new SqlResult(List.of(), List.of(), false);
    }

    /** Whether the workspace has {@code catalog}, in any letter case, as Unity Catalog names are. */
    private boolean catalogExists(String catalog) {
        return exists("SELECT 1 FROM duckdb_databases() WHERE lower(database_name) = lower(?) AND NOT internal",
                Catalogs.toEngine(catalog));
    }

    private boolean hasSchema(String engineCatalog, String schema) {
        return exists("SELECT 1 FROM duckdb_schemas() WHERE database_name = ? AND schema_name = ?", engineCatalog,
                schema);
    }

    private String currentCatalog() {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_database()");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw SqlErrors.reword(e, "SELECT current_database()", this::catalogExists);
        }
    }

    private boolean exists(String query, String... values) {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new EmulatorException("Reading the engine's catalog failed: " + e.getMessage(), e);
        }
    }
}
