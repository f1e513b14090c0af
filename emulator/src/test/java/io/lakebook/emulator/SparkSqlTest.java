package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import io.lakebook.emulator.sql.EndpointUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code spark.sql} in a notebook's Python context, through the Command Execution API 1.2 (reference §2.6). */
class SparkSqlTest {
    private static Emulator emulator;
    private static Notebook notebook;

    @BeforeAll
    static void attach() throws Exception {
        emulator = Emulator.builder().python(Path.of("/usr/bin/python3")).build().start();
        WorkspaceClient client = Sdk.client(emulator);
        client.clusters().start(emulator.defaultClusterId()).get(Duration.ofSeconds(20));
        notebook = Notebook.attach(client, emulator.defaultClusterId());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** reference §2.6: display of a query is a table result with a JSON schema of Spark types. */
    @Test
    void displayOfAQueryIsATableWithSchema() {
        Results results = notebook.run("display(spark.sql('SELECT c_custkey, c_name, c_acctbal FROM "
                + "samples.tpch.customer ORDER BY c_custkey LIMIT 2'))").getResults();

        assertEquals(ResultType.TABLE, results.getResultType());
        assertEquals(List.of(column("c_custkey", "long"), column("c_name", "string"),
                column("c_acctbal", "decimal(18,2)")), List.copyOf(results.getSchema()));
        List<?> rows = (List<?>) results.getData();
        assertEquals(2, rows.size());
        assertEquals(List.of(1, "Customer#000000001"), ((List<?>) rows.get(0)).subList(0, 2));
        assertEquals(Boolean.FALSE, results.getTruncated());
    }

    /** The same numbers as the engine gives the Java hook, so both see one workspace. */
    @Test
    void collectCountAndColumnsReadTheResult() {
        Object expected = emulator.sql().query("SELECT count(*) AS n FROM samples.nyctaxi.trips WHERE pickup_zip = "
                + "10001").value(0, "n");

        String text = text(notebook.run("df = spark.sql('SELECT pickup_zip, fare_amount FROM samples.nyctaxi.trips "
                + "WHERE pickup_zip = :zip', args={'zip': 10001})\n"
                + "row = df.collect()[0]\n"
                + "print(df.count(), df.columns, row.pickup_zip, row['pickup_zip'] == row[0], type(row.fare_amount))"));

        assertEquals(expected + " ['pickup_zip', 'fare_amount'] 10001 True <class 'float'>\n", text);
    }

    @Test
    void toPandasAndShowBehaveAsInSpark() {
        String pandas = text(notebook.run("pdf = spark.sql(\"SELECT o_orderkey, o_orderdate FROM samples.tpch.orders "
                + "ORDER BY o_orderkey LIMIT 3\").toPandas()\nprint(list(pdf.columns), len(pdf), "
                + "type(pdf.o_orderdate[0]).__name__)"));
        String shown = text(notebook.run("spark.sql(\"SELECT 1 AS id, 'a long text value that is cut' AS note, "
                + "NULL AS missing\").show()"));

        assertEquals("['o_orderkey', 'o_orderdate'] 3 date\n", pandas);
        assertEquals("+---+--------------------+-------+\n"
                + "| id|                note|missing|\n"
                + "+---+--------------------+-------+\n"
                + "|  1|a long text value...|   NULL|\n"
                + "+---+--------------------+-------+\n\n", shown);
    }

    /** A SQL error is an error result named as Spark names it (reference §2.6: Finished + error). */
    @Test
    void sqlErrorIsAnAnalysisExceptionResult() {
        CommandStatusResponse failed = notebook.run("spark.sql('SELECT * FROM samples.nyctaxi.nope')");

        assertEquals(CommandStatus.FINISHED, failed.getStatus());
        Results results = failed.getResults();
        assertEquals(ResultType.ERROR, results.getResultType());
        assertTrue(results.getSummary().startsWith("<span class='ansi-red-fg'>AnalysisException</span>: "
                + "[TABLE_OR_VIEW_NOT_FOUND] The table or view `samples`.`nyctaxi`.`nope` cannot be found."),
                results.getSummary());
        assertTrue(results.getSummary().endsWith("SQLSTATE: 42P01"), results.getSummary());
        assertFalse(results.getCause().contains("driver.py"), results.getCause());
    }

    @Test
    void syntaxErrorIsAParseExceptionThatCodeCanCatch() {
        String text = text(notebook.run("try:\n    spark.sql('SELEC 1')\nexcept Exception as e:\n"
                + "    print(type(e).__name__, e.getErrorClass(), e.getSqlState())"));

        assertEquals("ParseException PARSE_SYNTAX_ERROR 42601\n", text);
    }

    /** A notebook's session keeps USE between commands, and sees rows the Java hook inserted. */
    @Test
    void useHoldsBetweenCommandsAndSystemTablesAreReadable() {
        emulator.sql().insertUsage(EndpointUsage.of("ada@example.com", "se-9", Instant.parse("2026-03-01T09:00:00Z"),
                1200, 300));

        notebook.run("spark.sql('USE CATALOG system')");
        String text = text(notebook.run("r = spark.sql(\"SELECT requester, input_token_count, request_time FROM "
                + "serving.endpoint_usage WHERE served_entity_id = 'se-9'\").first()\n"
                + "print(r.requester, r.input_token_count, r.request_time.isoformat())"));
        notebook.run("spark.sql('USE main.default')");

        assertEquals("ada@example.com 1200 2026-03-01T09:00:00\n", text);
    }

    /** reference §2.7: cancelling a command stops the query it waits for, and the context stays usable. */
    @Test
    void cancelOfACommandStopsItsQuery() throws Exception {
        String slow = notebook.submit("spark.sql('SELECT lakebook_sleep(60)')");
        notebook.awaitRunning(slow);
        Thread.sleep(300);

        CommandStatusResponse cancelled = notebook.client.commandExecution().cancel(notebook.cancelOf(slow))
                .get(Duration.ofSeconds(20));

        assertEquals(CommandStatus.CANCELLED, cancelled.getStatus());
        assertEquals("3\n", text(notebook.run("print(spark.sql('SELECT 1 + 2 AS n').first().n)")));
    }

    private static String text(CommandStatusResponse response) {
        Results results = response.getResults();
        assertEquals(ResultType.TEXT, results.getResultType(), () -> results.getSummary() + "\n" + results.getCause());
        return (String) results.getData();
    }

    private static Map<String, Object> column(String name, String type) {
        return Map.of("name", name, "type", "\"" + type + "\"", "metadata", "{}");
    }
}
