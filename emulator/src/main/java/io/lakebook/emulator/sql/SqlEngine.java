package io.lakebook.emulator.sql;

import io.lakebook.emulator.EmulatorException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workspace's SQL engine: an in-memory DuckDB with one attached database per catalog, so three-part names
 * {@code catalog.schema.table} resolve as in Unity Catalog (DESIGN.md, "The emulator"). Statements, notebooks'
 * {@code spark.sql} and the catalog listings all read the same data. Each caller works in its own
 * {@link SqlSession}; the engine itself is thread-safe.
 *
 * <p>Test hooks: {@link #query}, {@link #execute}, {@link #insertUsage}, {@link #insertServedEntity}, and the SQL
 * function {@code lakebook_sleep(seconds)}, which makes a statement slow so that polling and cancel can be seen.
 */
public final class SqlEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlEngine.class);
    static final String ACCOUNT_ID = "a1b2c3d4-0000-4000-8000-00000000e001";
    static final String WORKSPACE_ID = "1234567890123456";
    private static final double MAX_SLEEP_SECONDS = 600;

    private final DuckDBConnection root;
    private final Clock clock;
    private final TableRules rules = new TableRules();

    private SqlEngine(DuckDBConnection root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** Starts an engine holding the seeded catalogs {@code main}, {@code samples} and {@code system}. */
    public static SqlEngine open() {
        return open(Clock.systemUTC());
    }

    /** Like {@link #open()}, with SQL's {@code current_timestamp()} reading {@code clock}. */
    public static SqlEngine open(Clock clock) {
        try {
            DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = root.createStatement()) {
                // One thread: a statement runs on its caller's thread, where cancel can reach lakebook_sleep.
                statement.execute("SET threads = 1");
                statement.execute("SET TimeZone = 'UTC'");
                for (String catalog : Catalogs.ENGINE_NAMES) {
                    statement.execute("ATTACH ':memory:' AS " + catalog);
                }
            }
            registerSleep(root);
            Seed.load(root);
            try (Statement statement = root.createStatement()) {
                statement.execute("USE lakebook_main.\"default\"");
                statement.execute("DETACH memory");
            }
            LOG.debug("SQL engine ready with catalogs {}", Catalogs.ENGINE_NAMES);
            return new SqlEngine(root, clock);
        } catch (SQLException e) {
            throw new EmulatorException("Cannot start the emulator's SQL engine (DuckDB): " + e.getMessage(), e);
        }
    }

    /** A new session whose current catalog and schema are {@code main.default}. */
    public SqlSession session() {
        try {
            DuckDBConnection connection = root.duplicate();
            try (Statement statement = connection.createStatement()) {
                statement.execute("USE lakebook_main.\"default\"");
            }
            return new SqlSession(connection, clock, rules);
        } catch (SQLException e) {
            throw new EmulatorException("Cannot open a session on the SQL engine: " + e.getMessage(), e);
        }
    }

    /** Runs Spark SQL in {@code main.default} and returns every row; fails with {@link SqlFailure}. */
    public SqlResult query(String sql) {
        try (SqlSession session = session()) {
            return session.run(sql, Map.of(), -1);
        }
    }

    /** Runs a statement whose result does not matter, such as DDL or an INSERT. */
    public void execute(String sql) {
        query(sql);
    }

    /** Adds a row to {@code system.serving.endpoint_usage}. */
    public void insertUsage(EndpointUsage usage) {
        insert("INSERT INTO lakebook_system.serving.endpoint_usage VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ACCOUNT_ID, WORKSPACE_ID, usage.clientRequestId(), usage.databricksRequestId(), usage.requester(),
                usage.statusCode(), timestamp(usage.requestTime()), usage.inputTokenCount(),
                usage.outputTokenCount(), usage.inputCharacterCount(), usage.outputCharacterCount(),
                root.createMap("MAP(VARCHAR, VARCHAR)", new LinkedHashMap<>(usage.usageContext())),
                usage.requestStreaming(), usage.servedEntityId());
    }

    /** Adds a row to {@code system.serving.served_entities}. */
    public void insertServedEntity(ServedEntity entity) {
        insert("INSERT INTO lakebook_system.serving.served_entities VALUES "
                        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?)",
                entity.servedEntityId(), ACCOUNT_ID, WORKSPACE_ID, entity.createdBy(), entity.endpointName(),
                entity.endpointId(), entity.servedEntityName(), entity.entityType(), entity.entityName(),
                entity.entityVersion(), entity.endpointConfigVersion(), entity.task(),
                timestamp(entity.changeTime()), timestamp(entity.endpointDeleteTime()));
    }

    /** The catalogs, by name. */
    public List<String> catalogs() {
        List<String> names = new ArrayList<>();
        for (List<Object> row : read("SELECT database_name FROM duckdb_databases() WHERE NOT internal "
                + "ORDER BY database_name")) {
            names.add(Catalogs.fromEngine((String) row.get(0)));
        }
        names.sort(null);
        return names;
    }

    /** The schemas of a catalog, by name; the engine's own {@code main} schema is not one of the workspace's. */
    public List<String> schemas(String catalog) {
        List<String> names = new ArrayList<>();
        for (List<Object> row : read("SELECT schema_name FROM duckdb_schemas() WHERE database_name = ? "
                + "AND NOT internal ORDER BY schema_name", Catalogs.toEngine(catalog))) {
            names.add((String) row.get(0));
        }
        return names;
    }

    /** The comment of a schema, or null. */
    public String schemaComment(String catalog, String schema) {
        List<List<Object>> rows = read("SELECT comment FROM duckdb_schemas() WHERE database_name = ? "
                + "AND schema_name = ?", Catalogs.toEngine(catalog), schema);
        return rows.isEmpty() ? null : (String) rows.get(0).get(0);
    }

    /** The tables and views of a schema with their columns, by name. */
    public List<TableEntry> tables(String catalog, String schema) {
        return tableEntries(Catalogs.toEngine(catalog), schema, null);
    }

    public Optional<TableEntry> table(String catalog, String schema, String name) {
        return tableEntries(Catalogs.toEngine(catalog), schema, name).stream().findFirst();
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            LOG.debug("Closing the SQL engine failed", e);
        }
    }

    private List<TableEntry> tableEntries(String engineCatalog, String schema, String name) {
        String filter = "database_name = ? AND schema_name = ?" + (name == null ? "" : " AND lower(table_name) = "
                + "lower(?)");
        Object[] values = name == null ? new Object[] {engineCatalog, schema}
                : new Object[] {engineCatalog, schema, name};
        Map<String, List<TableEntry.ColumnEntry>> columns = new LinkedHashMap<>();
        for (List<Object> row : read("SELECT table_name, column_name, column_index, data_type, is_nullable, comment "
                + "FROM duckdb_columns() WHERE " + filter + " ORDER BY table_name, column_index", values)) {
            columns.computeIfAbsent((String) row.get(0), key -> new ArrayList<>()).add(new TableEntry.ColumnEntry(
                    (String) row.get(1), SqlType.fromEngine((String) row.get(3)), ((Number) row.get(2)).intValue() - 1,
                    (Boolean) row.get(4), (String) row.get(5)));
        }
        List<TableEntry> tables = new ArrayList<>();
        for (List<Object> row : read("SELECT table_name, false, comment FROM duckdb_tables() WHERE " + filter
                + " UNION ALL SELECT view_name AS table_name, true, comment FROM duckdb_views() WHERE NOT internal AND "
                + filter.replace("table_name", "view_name") + " ORDER BY table_name", concat(values, values))) {
            String table = (String) row.get(0);
            tables.add(new TableEntry(Catalogs.fromEngine(engineCatalog), schema, table, (Boolean) row.get(1),
                    (String) row.get(2), List.copyOf(columns.getOrDefault(table, List.of()))));
        }
        return tables;
    }

    private List<List<Object>> read(String sql, Object... values) {
        try (Connection connection = root.duplicate();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int width = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= width; i++) {
                        row.add(result.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new EmulatorException("Reading the engine's catalog failed: " + e.getMessage(), e);
        }
    }

    private void insert(String sql, Object... values) {
        try (Connection connection = root.duplicate();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new EmulatorException("Inserting into a system table failed: " + e.getMessage(), e);
        }
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] both = new Object[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.valueOf(instant.atOffset(ZoneOffset.UTC).toLocalDateTime());
    }

    /**
     * {@code lakebook_sleep(seconds)} sleeps on the statement's own thread and returns true. It wakes when the
     * statement is cancelled, because {@link SqlSession#cancel()} interrupts that thread.
     */
    private static void registerSleep(Connection connection) throws SQLException {
        DuckDBFunctions.scalarFunction().withName("lakebook_sleep").withParameter(Double.class)
                .withReturnType(Boolean.class).withVolatile()
                .withFunction((Double seconds) -> sleep(seconds))
                .register(connection);
    }

    private static Boolean sleep(Double seconds) {
        if (seconds == null || seconds < 0 || seconds > MAX_SLEEP_SECONDS) {
            throw new IllegalArgumentException("lakebook_sleep takes 0 to " + MAX_SLEEP_SECONDS + " seconds, got "
                    + seconds);
        }
        try {
            Thread.sleep(Math.round(seconds * 1000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("lakebook_sleep was interrupted: the statement was cancelled");
        }
    }
}
