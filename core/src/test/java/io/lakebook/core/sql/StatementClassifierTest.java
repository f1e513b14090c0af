package io.lakebook.core.sql;

import io.lakebook.core.sql.StatementClassifier.Effect;
import io.lakebook.core.sql.StatementClassifier.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementClassifierTest {

    private static Effect effectOf(String sql) {
        List<Statement> statements = StatementClassifier.classify(sql);
        return statements.stream().anyMatch(Statement::writes) ? Effect.WRITE : Effect.READ;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM samples.nyctaxi.trips LIMIT 5",
        "  select 1",
        "-- DROP TABLE x\nSELECT 1",
        "/* DELETE FROM t; /* nested DROP */ still comment */ SELECT 2",
        "SELECT 'DROP TABLE x; DELETE FROM y' AS text",
        "SELECT \"INSERT INTO t\", 'it''s', 'a\\'b; DROP TABLE t'",
        "SELECT `drop`, `update` FROM `insert`",
        "SELECT r'C:\\' AS path, 'after' AS x",
        "(SELECT 1) UNION ALL (SELECT 2)",
        "WITH recent AS (SELECT * FROM t WHERE d > '2024-01-01'), top AS (SELECT * FROM recent) SELECT * FROM top",
        "WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r",
        "FROM samples.tpch.orders SELECT o_orderkey",
        "EXPLAIN SELECT 1",
        "EXPLAIN EXTENDED INSERT INTO t VALUES (1)",
        "EXPLAIN FORMATTED DROP TABLE t",
        "SHOW TABLES IN samples.tpch",
        "DESCRIBE TABLE EXTENDED samples.tpch.orders",
        "DESC samples.tpch.orders",
        "VALUES (1, 'a'), (2, 'b')",
        "TABLE samples.tpch.orders",
        "USE CATALOG samples",
        "SELECT 1; SELECT 2;",
        "SELECT 1;;",
    })
    void readOnlyQueriesAreReads(String sql) {
        assertEquals(Effect.READ, effectOf(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DROP TABLE main.default.orders",
        "drop table if exists x",
        "/* just a select */ DELETE FROM t",
        "-- SELECT 1\nUPDATE t SET a = 1",
        "SELECT 1; DROP TABLE t",
        "SELECT ';'; DROP TABLE t",
        "SELECT 1 /* ; */; TRUNCATE TABLE t",
        "INSERT INTO t SELECT * FROM s",
        "INSERT OVERWRITE t SELECT 1",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
        "CREATE TABLE t AS SELECT 1",
        "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1",
        "ALTER TABLE t ADD COLUMN c INT",
        "WITH s AS (SELECT 1 AS id) INSERT INTO t SELECT * FROM s",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
        "FROM s INSERT INTO t SELECT a",
        "EXPLAIN ANALYZE DELETE FROM t",
        "(DELETE FROM t)",
        "SELECT * INTO copy FROM t",
        "OPTIMIZE t",
        "VACUUM t",
        "GRANT SELECT ON TABLE t TO `someone`",
        "COPY INTO t FROM '/path'",
        "CACHE TABLE t",
        "REFRESH TABLE t",
        "ANALYZE TABLE t COMPUTE STATISTICS",
        "CALL system.do_something()",
        "SOMETHING_NEW t",
        "WITH x AS (SELECT 1)",
    })
    void statementsThatChangeSomethingAreWrites(String sql) {
        assertEquals(Effect.WRITE, effectOf(sql), sql);
    }

    @Test
    void namesEachStatementWithItsVerbAndLine() {
        List<Statement> statements = StatementClassifier.classify("SELECT 1;\n-- then\nDROP TABLE t;\n"
                + "insert into t values (1)");

        assertEquals(List.of(new Statement("SELECT", Effect.READ, 1), new Statement("DROP TABLE", Effect.WRITE, 3),
                new Statement("INSERT INTO", Effect.WRITE, 4)), statements);
    }

    @Test
    void onlyCommentsIsNoStatementAtAll() {
        assertEquals(List.of(), StatementClassifier.classify("-- nothing\n/* here */ ;"));
    }

    @Test
    void anUnclosedStringIsRefusedSayingWhere() {
        SqlRefusedException e = assertThrows(SqlRefusedException.class,
                () -> StatementClassifier.classify("SELECT 1;\nSELECT 'open; DROP TABLE t"));

        assertEquals("The query has a string (') opened on line 2 that is never closed, so lakebook cannot tell "
                + "what the query does. Close it and send the query again.", e.getMessage());
    }

    @Test
    void anUnclosedCommentIsRefused() {
        SqlRefusedException e = assertThrows(SqlRefusedException.class,
                () -> StatementClassifier.classify("SELECT 1 /* DROP TABLE t"));

        assertTrue(e.getMessage().contains("comment (/*) opened on line 1"), e.getMessage());
    }
}
