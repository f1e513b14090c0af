package io.lakebook.emulator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine behind statements, notebooks and the catalog: Spark names and wording over DuckDB. */
class SqlEngineTest {
    private static SqlEngine engine;

    @BeforeAll
    static void open() {
        engine = SqlEngine.open();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void samplesAreSeededDeterministically() {
        SqlResult trips = engine.query("SELECT count(*) AS n, min(tpep_pickup_datetime) AS first "
                + "FROM samples.nyctaxi.trips");

        assertEquals(500L, trips.value(0, "n"));
        LocalDateTime first = (LocalDateTime) trips.value(0, "first");
        assertTrue(!first.isBefore(LocalDateTime.of(2016, 2, 1, 0, 0))
                && first.isBefore(LocalDateTime.of(2016, 2, 1, 0, 10)), first.toString());
        try (SqlEngine another = SqlEngine.open()) {
            String sum = "SELECT sum(fare_amount), max(c_acctbal) FROM samples.nyctaxi.trips, samples.tpch.customer";
            assertEquals(engine.query(sum).rows(), another.query(sum).rows(), "every engine holds the same rows");
        }
        assertEquals(200L, engine.query("SELECT count(*) AS n FROM samples.tpch.orders o "
                + "JOIN samples.tpch.customer c ON o.o_custkey = c.c_custkey").value(0, "n"));
    }

    /** docs.databricks.com/sql/language-manual/functions/range: one column, id, BIGINT; found by the contract suite. */
    @Test
    void rangeInFromYieldsAnIdColumn() {
        SqlResult numbers = engine.query("SELECT id FROM range(3) ORDER BY id");
        SqlResult pairs = engine.query("SELECT count(*) AS n FROM range(2) a CROSS JOIN range((1 + 2)) b "
                + "WHERE a.id < b.id");

        assertEquals(List.of(List.of(0L), List.of(1L), List.of(2L)), numbers.rows());
        assertEquals("id", numbers.columns().get(0).name());
        assertEquals(3L, pairs.value(0, "n"));
        assertEquals(List.of(List.of("range")), engine.query("SELECT 'range' AS range_word").rows());
    }

    /** The catalog a session is in shows by its workspace name, never the engine's; found by the contract suite. */
    @Test
    void currentCatalogIsTheWorkspaceName() {
        assertEquals(List.of(List.of("main")), engine.query("SELECT current_catalog()").rows());
    }

    @Test
    void reservedCatalogNamesMainAndSystemWorkInThreePartNames() {
        engine.execute("CREATE TABLE main.default.notes (id INT, body STRING)");
        engine.execute("INSERT INTO main.default.notes VALUES (1, \"it's\"), (2, 'b')");

        assertEquals(List.of(List.of(1, "it's")), engine.query("SELECT * FROM `main`.`default`.notes WHERE id = 1")
                .rows());
        assertEquals(List.of(List.of(2L)), engine.query("SELECT count(*) FROM notes").rows(),
                "main.default is current");
        assertEquals(List.of("main", "samples", "system"), engine.catalogs());
        assertEquals(List.of("serving"), engine.schemas("system"));
    }

    @Test
    void unknownTableFailsWithSparksErrorClassAndTheNameAsWritten() {
        SqlFailure failure = assertThrows(SqlFailure.class, () -> engine.query("SELECT * FROM main.default.nope"));

        assertEquals("TABLE_OR_VIEW_NOT_FOUND", failure.errorClass());
        assertEquals("42P01", failure.sqlState());
        assertEquals("[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`default`.`nope` cannot be found. Verify "
                + "the spelling and correctness of the schema and catalog. SQLSTATE: 42P01", failure.getMessage());
        assertEquals("AnalysisException", failure.sparkException());
    }

    @Test
    void syntaxErrorIsAParseException() {
        SqlFailure failure = assertThrows(SqlFailure.class, () -> engine.query("SELEC 1"));

        assertEquals("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601", failure.getMessage());
        assertEquals("ParseException", failure.sparkException());
    }

    /** A statement cancelled between its acceptance and its start must not start: nothing else would stop it. */
    @Test
    void aStatementCancelledBeforeItStartsIsRefusedAndTheSessionStaysUsable() {
        try (SqlSession session = engine.session()) {
            assertThrows(SqlCancelled.class, () -> session.run("SELECT count(*) FROM range(1000000) a CROSS JOIN "
                    + "range(1000000) b", Map.of(), -1, () -> true));

            assertEquals(List.of(List.of(1)), session.run("SELECT 1", Map.of(), -1).rows());
        }
    }

    @Test
    void namedParametersAreTypedAndCastsAreLeftAlone() {
        try (SqlSession session = engine.session()) {
            SqlResult result = session.run("SELECT :n + 1 AS next, :who AS who, '1'::INT AS cast, ':x' AS text",
                    Map.of("n", new SqlParameter("n", "41", "INT"), "who", new SqlParameter("who", null, null)), -1);

            assertEquals(java.util.Arrays.asList(42, null, 1, ":x"), result.rows().get(0));
            assertEquals("int", result.columns().get(0).type().text());
        }
        SqlFailure unbound = assertThrows(SqlFailure.class, () -> engine.query("SELECT :missing"));
        assertEquals("UNBOUND_SQL_PARAMETER", unbound.errorClass());
    }

    /** Only names are translated: text in literals and comments reaches the engine as written. */
    @Test
    void literalsAndCommentsAreLeftAlone() {
        SqlResult result = engine.query("SELECT 'main.default.x' AS s, 'a:b' AS colon -- :not_a_marker system.x\n"
                + ", `weird name`.s AS quoted FROM (SELECT 'y' AS s) `weird name`");

        assertEquals(List.of("main.default.x", "a:b", "y"), result.rows().get(0));
        SqlFailure failure = assertThrows(SqlFailure.class, () -> engine.query("SELECT * FROM system.nope.t"));
        assertFalse(failure.getMessage().contains("lakebook_"), failure.getMessage());
    }

    @Test
    void usageRowsCanBeAddedForTests() {
        engine.insertServedEntity(ServedEntity.foundationModel("se-1", "databricks-claude", Instant.EPOCH));
        engine.insertUsage(EndpointUsage.of("ada@example.com", "se-1", Instant.parse("2026-01-01T10:00:00Z"), 100,
                20));

        SqlResult joined = engine.query("SELECT u.requester, s.endpoint_name, u.input_token_count, u.usage_context "
                + "FROM system.serving.endpoint_usage u "
                + "JOIN system.serving.served_entities s USING (served_entity_id)");

        assertEquals(List.of("ada@example.com", "databricks-claude", 100L, Map.of()), joined.rows().get(0));
        assertEquals("map<string,string>", joined.columns().get(3).type().text());
    }

    @Test
    void typesAreTranslatedToDatabricksNames() {
        SqlType struct = SqlType.fromEngine("STRUCT(a INTEGER, \"b c\" VARCHAR[])");

        assertEquals("struct<a:int,b c:array<string>>", struct.text());
        assertEquals("LONG", SqlType.fromEngine("BIGINT").name());
        assertEquals("decimal(18,2)", SqlType.fromEngine("DECIMAL(18,2)").text());
        assertEquals(18, SqlType.fromEngine("DECIMAL(18,2)").precision());
    }

    /**
     * An unknown catalog is NO_SUCH_CATALOG_EXCEPTION with SQLSTATE 42704, never the engine's own wording
     * (docs.databricks.com/sql/language-manual/sql-ref-syntax-ddl-use-catalog.html).
     */
    @Test
    void unknownCatalogIsNoSuchCatalogExceptionWhereverItIsNamed() {
        for (String statement : List.of("SELECT * FROM nosuch.s.t", "CREATE SCHEMA nosuch.x", "USE CATALOG nosuch",
                "CREATE TABLE nosuch.s.t (a INT)", "INSERT INTO `nosuch`.s.t VALUES (1)", "DROP SCHEMA nosuch.x")) {
            SqlFailure failure = assertThrows(SqlFailure.class, () -> engine.query(statement), statement);

            assertEquals("[NO_SUCH_CATALOG_EXCEPTION] Catalog 'nosuch' was not found. Please verify the catalog name "
                    + "and then retry the query or command again. SQLSTATE: 42704", failure.getMessage(), statement);
        }
        SqlFailure schema = assertThrows(SqlFailure.class, () -> engine.query("SELECT * FROM main.nosuch.t"));
        assertEquals("[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`nosuch`.`t` cannot be found. Verify the "
                + "spelling and correctness of the schema and catalog. SQLSTATE: 42P01", schema.getMessage());
        SqlFailure use = assertThrows(SqlFailure.class, () -> engine.query("USE SCHEMA nosuch"));
        assertEquals("SCHEMA_NOT_FOUND", use.errorClass(), use.getMessage());
    }

    /** The table of a failing SELECT is named as written, not found inside the keyword before it. */
    @Test
    void aMissingTableIsNamedAsWrittenEvenWhenItsNameEndsAKeyword() {
        SqlFailure failure = assertThrows(SqlFailure.class, () -> engine.query("SELECT * FROM main.default.t"));

        assertTrue(failure.getMessage().contains("`main`.`default`.`t` cannot be found"), failure.getMessage());
    }

    /**
     * Nothing is created, changed or dropped in the system catalog: only admins add schemas to it
     * (docs.databricks.com/api/uc-system-schemas/v1/enable-system-schema.md); its tables stay readable.
     */
    @Test
    void theSystemCatalogIsReadOnly() {
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("CREATE SCHEMA system.lakebook_x", "CREATE SCHEMA on Catalog 'system'");
        refusals.put("CREATE SCHEMA IF NOT EXISTS `system`.`lakebook_x`", "CREATE SCHEMA on Catalog 'system'");
        refusals.put("CREATE TABLE system.serving.t (a INT)", "CREATE TABLE on Schema 'system.serving'");
        refusals.put("INSERT INTO system.serving.endpoint_usage SELECT * FROM system.serving.endpoint_usage",
                "MODIFY on Table 'system.serving.endpoint_usage'");
        refusals.put("DELETE FROM system.serving.served_entities", "MODIFY on Table 'system.serving.served_entities'");
        refusals.put("DROP TABLE system.serving.endpoint_usage", "MANAGE on Table 'system.serving.endpoint_usage'");
        refusals.put("DROP SCHEMA system.serving CASCADE", "MANAGE on Schema 'system.serving'");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            SqlFailure failure = assertThrows(SqlFailure.class, () -> engine.query(refusal.getKey()), refusal.getKey());

            assertEquals("[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have " + refusal.getValue()
                    + ". SQLSTATE: 42501", failure.getMessage());
            assertEquals("SparkSecurityException", failure.sparkException());
        }
        try (SqlSession session = engine.session()) {
            session.use("system", "serving");
            SqlFailure inSystem = assertThrows(SqlFailure.class, () -> session.run("CREATE TABLE t (a INT)", Map.of(),
                    -1));
            assertEquals("INSUFFICIENT_PERMISSIONS", inSystem.errorClass());
            assertEquals(List.of("serving"), engine.schemas("system"));
            assertEquals(2, session.run("SHOW TABLES", Map.of(), -1).rows().size(), "the system tables are kept");
        }
        engine.execute("CREATE SCHEMA main.from_system_reads");
        engine.execute("CREATE TABLE main.from_system_reads.copy AS SELECT * FROM system.serving.endpoint_usage");
        assertEquals(List.of("from_system_reads"), engine.schemas("main").stream()
                .filter(s -> s.startsWith("from_")).toList(), "reading system into another catalog is a read");
    }
}
