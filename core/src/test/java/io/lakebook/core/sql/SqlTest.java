package io.lakebook.core.sql;

import com.databricks.sdk.service.sql.StatementState;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.error.NotConfiguredException;
import io.lakebook.emulator.Emulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SQL and Unity Catalog against the emulated workspace, through databricks-sdk-java as against a real one. */
class SqlTest {

    private static Emulator emulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startEmulator() {
        emulator = Emulator.builder().port(0).catalogPageSize(2).build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", emulator.host());
        env.put("DATABRICKS_TOKEN", emulator.token());
        env.put("DATABRICKS_WAREHOUSE_ID", emulator.defaultWarehouseId());
        env.put("DATABRICKS_CONFIG_FILE", dir.resolve("no-databrickscfg").toString());
        return env;
    }

    private static Sql sql() {
        return Sql.open(dir, env());
    }

    private static SqlStatus run(Sql sql, String query, SqlLimits limits) throws InterruptedException {
        SqlStatus started = sql.start(query, limits);
        return sql.await(started.statementId(), Duration.ofSeconds(60), () -> false);
    }

    @Test
    void aQueryReturnsTypedColumnsAndRows() throws Exception {
        Sql sql = sql();
        SqlStatus status = run(sql, "SELECT pickup_zip, count(*) AS trips FROM samples.nyctaxi.trips "
                + "GROUP BY pickup_zip ORDER BY pickup_zip LIMIT 3", SqlLimits.readOnly());

        SqlTable table = sql.rows(status, SqlLimits.readOnly());

        assertEquals(List.of(new SqlTable.Column("pickup_zip", "INT"), new SqlTable.Column("trips", "BIGINT")),
                table.columns());
        assertEquals(3, table.rows().size());
        assertEquals("10001", table.rows().get(0).get(0));
        assertFalse(table.more());
    }

    @Test
    void rowsAreReadAcrossChunksUpToTheRowLimit() throws Exception {
        Sql sql = sql();
        SqlLimits limits = new SqlLimits(1500, 1_000_000, false);
        SqlTable table = sql.rows(run(sql, "SELECT i FROM range(2500) t(i) ORDER BY i", limits), limits);

        assertEquals(1500, table.rows().size());
        assertEquals("1499", table.rows().get(1499).get(0));
        assertTrue(table.more());
        assertEquals(Optional.of("the first 1500 rows are shown (the row limit)"), table.cut());
    }

    @Test
    void wideRowsStopAtTheCharacterLimit() throws Exception {
        Sql sql = sql();
        SqlLimits limits = new SqlLimits(100, 2_000, false);
        SqlTable table = sql.rows(run(sql, "SELECT repeat('x', 500) AS wide FROM range(10)", limits), limits);

        assertEquals(3, table.rows().size());
        assertEquals(Optional.of("the first 3 rows are shown (2000 characters of values at most)"), table.cut());
    }

    @Test
    void aDropInReadOnlyModeIsNotSentAndTheTableStays() throws Exception {
        Sql sql = sql();
        emulator.sql().execute("CREATE TABLE main.default.keep_me AS SELECT 1 AS id");

        WriteRefusedException e = assertThrows(WriteRefusedException.class,
                () -> sql.start("-- tidy up\nDROP TABLE main.default.keep_me", SqlLimits.readOnly()));

        assertEquals("Refused: DROP TABLE (line 2) may change data or objects in the workspace, and writes were not "
                + "allowed. Nothing was sent to the warehouse.", e.getMessage());
        assertEquals(1, emulator.sql().query("SELECT * FROM main.default.keep_me").rows().size());
    }

    @Test
    void aWriteRunsWhenAllowed() throws Exception {
        Sql sql = sql();
        SqlLimits writes = new SqlLimits(10, 10_000, true);

        SqlStatus created = run(sql, "CREATE TABLE main.default.written AS SELECT 7 AS n", writes);

        assertEquals(StatementState.SUCCEEDED, created.state(), created.error().orElse(""));
        SqlTable table = sql.rows(run(sql, "SELECT n FROM main.default.written", SqlLimits.readOnly()),
                SqlLimits.readOnly());
        assertEquals(List.of(List.of("7")), table.rows());
    }

    @Test
    void severalStatementsAreRefusedBeforeSending() {
        SqlRefusedException e = assertThrows(SqlRefusedException.class,
                () -> sql().start("SELECT 1; SELECT 2", SqlLimits.readOnly()));

        assertTrue(e.getMessage().startsWith("The query holds 2 statements"), e.getMessage());
    }

    @Test
    void aSlowStatementIsStartedAtOncePolledAndCancelled() throws Exception {
        Sql sql = sql();
        long before = System.nanoTime();
        SqlStatus started = sql.start("SELECT lakebook_sleep(60) AS slept", SqlLimits.readOnly());
        assertTrue(Duration.ofNanos(System.nanoTime() - before).toSeconds() < 10, "start must not wait");

        SqlStatus polled = sql.await(started.statementId(), Duration.ofMillis(300), () -> false);
        assertFalse(polled.ended(), polled.state().toString());

        sql.cancel(started.statementId());
        SqlStatus ended = sql.await(started.statementId(), Duration.ofSeconds(30), () -> false);
        assertEquals(StatementState.CANCELED, ended.state());
    }

    @Test
    void aFailingStatementCarriesTheWarehouseMessage() throws Exception {
        SqlStatus status = run(sql(), "SELECT * FROM samples.nyctaxi.nope", SqlLimits.readOnly());

        assertEquals(StatementState.FAILED, status.state());
        assertTrue(status.error().orElse("").contains("nope"), status.error().toString());
    }

    @Test
    void noWarehouseConfiguredSaysWhatToSet() {
        Map<String, String> env = env();
        env.remove("DATABRICKS_WAREHOUSE_ID");

        NotConfiguredException e = assertThrows(NotConfiguredException.class, () -> Sql.open(dir, env));

        assertTrue(e.getMessage().startsWith("No SQL warehouse is configured."), e.getMessage());
        assertFalse(e.getMessage().contains(emulator.token()));
    }

    @Test
    void listingsFollowThePagesToTheEnd() {
        Catalog catalog = new Catalog(sql());

        Catalog.Page first = catalog.catalogs(2, Optional.empty());
        Catalog.Page second = catalog.catalogs(2, first.nextPageToken());

        assertEquals(List.of("main", "samples"), first.entries().stream().map(Catalog.Entry::name).toList());
        assertTrue(first.nextPageToken().isPresent());
        assertEquals(List.of("system"), second.entries().stream().map(Catalog.Entry::name).toList());
        assertEquals(Optional.empty(), second.nextPageToken());
        assertEquals(List.of("nyctaxi", "tpch"), catalog.schemas("samples", 10, Optional.empty()).entries().stream()
                .map(Catalog.Entry::name).toList());
        Catalog.Page tables = catalog.tables("samples", "tpch", 10, Optional.empty());
        assertEquals(List.of("customer", "orders"), tables.entries().stream().map(Catalog.Entry::name).toList());
        assertEquals("MANAGED", tables.entries().get(0).kind());
    }

    @Test
    void describeGivesColumnsTypesAndComments() {
        Catalog.Description trips = new Catalog(sql()).describe("samples.nyctaxi.trips");

        assertEquals("samples.nyctaxi.trips", trips.fullName());
        assertEquals("Taxi trips in New York City, February 2016", trips.comment());
        assertEquals("tpep_pickup_datetime", trips.columns().get(0).name());
        assertEquals("timestamp", trips.columns().get(0).type().toLowerCase(java.util.Locale.ROOT));
        assertEquals(6, trips.columns().size());
    }

    @Test
    void anUnknownTableIsNamedInTheMessage() {
        LakebookException e = assertThrows(LakebookException.class,
                () -> new Catalog(sql()).describe("samples.nyctaxi.nope"));

        assertTrue(e.getMessage().contains("samples.nyctaxi.nope"), e.getMessage());
    }

    @Test
    void aSampleReadsAFewRowsAndRefusesOddNames() throws Exception {
        Catalog catalog = new Catalog(sql());
        Sql sql = sql();

        SqlStatus status = catalog.sample("samples.tpch.orders", 4, Duration.ofSeconds(60), () -> false);

        assertEquals(4, sql.rows(status, SqlLimits.readOnly()).rows().size());
        SqlRefusedException e = assertThrows(SqlRefusedException.class, () -> catalog.sample(
                "samples.tpch.orders; DROP TABLE x", 4, Duration.ofSeconds(1), () -> false));
        assertTrue(e.getMessage().contains("is not a valid table name"), e.getMessage());
    }
}
