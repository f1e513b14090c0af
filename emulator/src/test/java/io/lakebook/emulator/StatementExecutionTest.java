package io.lakebook.emulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.ColumnInfoTypeName;
import com.databricks.sdk.service.sql.Disposition;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.ResultManifest;
import com.databricks.sdk.service.sql.StatementParameterListItem;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SQL Statement Execution API 2.0 (reference §6.1–6.6) through databricks-sdk-java. */
class StatementExecutionTest {
    private static final EnumSet<StatementState> TERMINAL = EnumSet.of(StatementState.SUCCEEDED,
            StatementState.FAILED, StatementState.CANCELED, StatementState.CLOSED);
    private static Emulator emulator;
    private static WorkspaceClient client;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().build().start();
        client = Sdk.client(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** reference §6.2: manifest with Databricks type names, every value a string, INLINE first chunk. */
    @Test
    void inlineResultCarriesManifestAndStringValues() {
        StatementResponse response = execute("SELECT pickup_zip, count(*) AS trips, round(avg(fare_amount), 2) AS fare,"
                + " min(tpep_pickup_datetime) AS first, true AS flag, CAST(NULL AS STRING) AS nothing "
                + "FROM samples.nyctaxi.trips GROUP BY pickup_zip ORDER BY pickup_zip LIMIT 3");

        assertEquals(StatementState.SUCCEEDED, response.getStatus().getState());
        ResultManifest manifest = response.getManifest();
        assertEquals(6L, manifest.getSchema().getColumnCount());
        List<ColumnInfo> columns = new ArrayList<>(manifest.getSchema().getColumns());
        assertEquals(List.of(ColumnInfoTypeName.INT, ColumnInfoTypeName.LONG, ColumnInfoTypeName.DOUBLE,
                ColumnInfoTypeName.TIMESTAMP, ColumnInfoTypeName.BOOLEAN, ColumnInfoTypeName.STRING),
                columns.stream().map(ColumnInfo::getTypeName).toList());
        assertEquals("BIGINT", columns.get(1).getTypeText());
        assertEquals(2L, columns.get(2).getPosition());
        assertEquals(3L, manifest.getTotalRowCount());
        assertEquals(1L, manifest.getTotalChunkCount());
        assertFalse(manifest.getTruncated());
        List<String> first = new ArrayList<>(response.getResult().getDataArray().iterator().next());
        assertEquals("10001", first.get(0));
        assertTrue(first.get(1).matches("\\d+"), first.toString());
        assertTrue(first.get(3).matches("2016-02-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z"), first.get(3));
        assertEquals("true", first.get(4));
        assertNull(first.get(5));
        assertNull(response.getResult().getNextChunkIndex());
    }

    /** reference §6.4: chunks are fetched by index and linked from one to the next. */
    @Test
    void largeResultsComeInChunksFetchedByIndex() {
        StatementResponse response = execute("SELECT i FROM range(2500) t(i) ORDER BY i");

        assertEquals(3L, response.getManifest().getTotalChunkCount());
        assertEquals(2500L, response.getManifest().getTotalRowCount());
        assertEquals(1L, response.getResult().getNextChunkIndex());
        List<String> all = new ArrayList<>(values(response.getResult()));
        Long next = response.getResult().getNextChunkIndex();
        while (next != null) {
            ResultData chunk = client.statementExecution().getStatementResultChunkN(response.getStatementId(), next);
            assertEquals(next * 1000, chunk.getRowOffset());
            all.addAll(values(chunk));
            next = chunk.getNextChunkIndex();
        }
        assertEquals(2500, all.size());
        assertEquals("2499", all.get(2499));
        assertEquals("/api/2.0/sql/statements/" + response.getStatementId() + "/result/chunks/1",
                response.getResult().getNextChunkInternalLink());
    }

    /** reference §6.1: named markers, a missing value is NULL and no type is STRING. */
    @Test
    void namedParametersAreBound() {
        StatementResponse response = client.statementExecution().executeStatement(request(
                "SELECT count(*) AS n, :label AS label, :none AS none FROM samples.nyctaxi.trips "
                        + "WHERE trip_distance > :min")
                .setParameters(List.of(new StatementParameterListItem().setName("min").setValue("5.5")
                                .setType("DOUBLE"), new StatementParameterListItem().setName("label").setValue("long"),
                        new StatementParameterListItem().setName("none"))));

        List<String> row = firstRow(response);
        long expected = (Long) emulator.sql().query("SELECT count(*) AS n FROM samples.nyctaxi.trips "
                + "WHERE trip_distance > 5.5").value(0, "n");
        assertEquals(Arrays.asList(Long.toString(expected), "long", null), row);
    }

    @Test
    void rowLimitCutsTheResultAndMarksItTruncated() {
        StatementResponse response = client.statementExecution().executeStatement(
                request("SELECT * FROM samples.tpch.orders").setRowLimit(7L));

        assertEquals(7L, response.getManifest().getTotalRowCount());
        assertTrue(response.getManifest().getTruncated());
        assertEquals(7, response.getResult().getDataArray().size());
    }

    @Test
    void catalogAndSchemaActAsUse() {
        StatementResponse response = client.statementExecution().executeStatement(
                request("SELECT count(*) FROM customer").setCatalog("samples").setSchema("tpch"));

        assertEquals(List.of("50"), firstRow(response));
    }

    /** reference §6.2: a SQL failure is HTTP 200 with FAILED, Spark's error class and the SQLSTATE. */
    @Test
    void unknownTableFailsWithSparkStyleMessage() {
        StatementResponse response = execute("SELECT * FROM main.default.nope");

        assertEquals(StatementState.FAILED, response.getStatus().getState());
        assertEquals("BAD_REQUEST", response.getStatus().getError().getErrorCode().toString());
        assertTrue(response.getStatus().getError().getMessage().startsWith(
                "[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`default`.`nope` cannot be found."),
                response.getStatus().getError().getMessage());
        assertTrue(response.getStatus().getError().getMessage().endsWith("SQLSTATE: 42P01"));
        assertEquals("42P01", response.getStatus().getSqlState());
        assertNull(response.getManifest());
    }

    @Test
    void syntaxErrorFailsAsParseError() {
        StatementResponse response = execute("SELEC 1");

        assertEquals(StatementState.FAILED, response.getStatus().getState());
        assertEquals("42601", response.getStatus().getSqlState());
    }

    /**
     * reference §6.1 async mode: 0s answers PENDING at once ("the call returns directly with PENDING state", the
     * documentation of wait_timeout), even for a statement that ends at once; polling reaches SUCCEEDED.
     */
    @Test
    void asyncStatementAnswersPendingAndIsPolledToItsResult() {
        for (int i = 0; i < 20; i++) {
            StatementResponse instant = client.statementExecution().executeStatement(request("SELECT " + i)
                    .setWaitTimeout("0s"));
            assertEquals(StatementState.PENDING, instant.getStatus().getState(), "statement " + i);
        }
        StatementResponse started = client.statementExecution().executeStatement(
                request("SELECT lakebook_sleep(0.5) AS slept, 42 AS answer").setWaitTimeout("0s"));

        assertEquals(StatementState.PENDING, started.getStatus().getState());
        assertNull(started.getResult());
        StatementResponse done = poll(started.getStatementId());
        assertEquals(StatementState.SUCCEEDED, done.getStatus().getState());
        assertEquals(List.of("true", "42"), firstRow(done));
    }

    /** reference §6.5: cancel stops a running statement for real; polling shows CANCELED. */
    @Test
    void cancelStopsASlowStatement() {
        StatementResponse started = client.statementExecution().executeStatement(
                request("SELECT lakebook_sleep(60)").setWaitTimeout("0s"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> client
                .statementExecution().getStatement(started.getStatementId()).getStatus().getState()
                == StatementState.RUNNING);

        long begun = System.nanoTime();
        client.statementExecution().cancelExecution(new CancelExecutionRequest()
                .setStatementId(started.getStatementId()));

        assertEquals(StatementState.CANCELED, poll(started.getStatementId()).getStatus().getState());
        assertTrue(Duration.ofNanos(System.nanoTime() - begun).toSeconds() < 5, "cancel took too long");
    }

    @Test
    void cancelStopsAHeavyQueryInTheEngine() {
        StatementResponse started = client.statementExecution().executeStatement(
                request("SELECT sum(i * i % 7) FROM range(100000000000) t(i)").setWaitTimeout("0s"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> client
                .statementExecution().getStatement(started.getStatementId()).getStatus().getState()
                == StatementState.RUNNING);

        client.statementExecution().cancelExecution(new CancelExecutionRequest()
                .setStatementId(started.getStatementId()));

        assertEquals(StatementState.CANCELED, poll(started.getStatementId()).getStatus().getState());
    }

    /** reference §6.1: with on_wait_timeout CANCEL, a statement still running at the timeout is cancelled. */
    @Test
    void waitTimeoutWithCancelCancelsTheStatement() {
        StatementResponse response = client.statementExecution().executeStatement(request("SELECT lakebook_sleep(30)")
                .setWaitTimeout("5s").setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CANCEL));

        assertEquals(StatementState.CANCELED, response.getStatus().getState());
    }

    /** reference §6.7: a statement sent to a stopped warehouse starts it and waits in PENDING. */
    @Test
    void statementOnAStoppedWarehouseWaitsPendingAndStartsIt() throws Exception {
        try (Emulator slow = Emulator.builder().warehouseStartDelay(Duration.ofMillis(800)).build().start()) {
            WorkspaceClient slowClient = Sdk.client(slow);
            String warehouse = slow.warehouses().add("stopped", io.lakebook.emulator.warehouses.WarehouseState.STOPPED);

            StatementResponse started = slowClient.statementExecution().executeStatement(new ExecuteStatementRequest()
                    .setWarehouseId(warehouse).setStatement("SELECT 1").setWaitTimeout("0s"));

            assertEquals(StatementState.PENDING, started.getStatus().getState());
            assertEquals("STARTING", slowClient.warehouses().get(warehouse).getState().toString());
            StatementResponse done = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> slowClient.statementExecution().getStatement(started.getStatementId()),
                            response -> TERMINAL.contains(response.getStatus().getState()));
            assertEquals(StatementState.SUCCEEDED, done.getStatus().getState());
            assertEquals("RUNNING", slowClient.warehouses().get(warehouse).getState().toString());
        }
    }

    @Test
    void externalLinksAreRefusedWithAReason() {
        BadRequest error = assertThrows(BadRequest.class, () -> client.statementExecution().executeStatement(
                request("SELECT 1").setDisposition(Disposition.EXTERNAL_LINKS)));

        assertTrue(error.getMessage().contains("EXTERNAL_LINKS"), error.getMessage());
        assertTrue(error.getMessage().contains("INLINE"), error.getMessage());
    }

    @Test
    void waitTimeoutOutsideTheAllowedRangeIsRefused() {
        BadRequest error = assertThrows(BadRequest.class, () -> client.statementExecution().executeStatement(
                request("SELECT 1").setWaitTimeout("3s")));

        assertEquals("wait_timeout must be 0s or between 5s and 50s, got '3s'", error.getMessage());
    }

    @Test
    void unknownWarehouseAndStatementAreNotFound() {
        NotFound warehouse = assertThrows(NotFound.class, () -> client.statementExecution().executeStatement(
                new ExecuteStatementRequest().setWarehouseId("0123456789abcdef").setStatement("SELECT 1")));
        NotFound statement = assertThrows(NotFound.class, () -> client.statementExecution().getStatement("nope"));

        assertTrue(warehouse.getMessage().contains("0123456789abcdef"), warehouse.getMessage());
        assertTrue(statement.getMessage().contains("nope"), statement.getMessage());
    }

    @Test
    void chunkIndexOutOfRangeIsABadRequest() {
        StatementResponse response = execute("SELECT 1");

        BadRequest error = assertThrows(BadRequest.class, () -> client.statementExecution()
                .getStatementResultChunkN(response.getStatementId(), 5));

        assertTrue(error.getMessage().contains("out of range"), error.getMessage());
    }

    /** reference §1.3, §6.2: the wire itself: state spelling, strings in data_array, 200 for FAILED. */
    @Test
    void wireFormatMatchesTheReference() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(emulator.host() + "/api/2.0/sql/statements"))
                .header("Authorization", "Bearer " + emulator.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"warehouse_id\":\"" + emulator.defaultWarehouseId()
                        + "\",\"statement\":\"SELECT 1 AS one, 2.5 AS x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = new ObjectMapper().readTree(response.body());

        assertEquals(200, response.statusCode());
        assertEquals("SUCCEEDED", body.at("/status/state").asText());
        assertTrue(body.at("/result/data_array/0/0").isTextual(), response.body());
        assertEquals("1", body.at("/result/data_array/0/0").asText());
        assertEquals("INT", body.at("/manifest/schema/columns/0/type_name").asText());
        assertFalse(response.body().contains("lakebook_"), "engine names never leak: " + response.body());
    }

    private static StatementResponse execute(String sql) {
        return client.statementExecution().executeStatement(request(sql));
    }

    private static ExecuteStatementRequest request(String sql) {
        return new ExecuteStatementRequest().setWarehouseId(emulator.defaultWarehouseId()).setStatement(sql)
                .setWaitTimeout("30s");
    }

    private static StatementResponse poll(String statementId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> client.statementExecution().getStatement(statementId),
                        response -> TERMINAL.contains(response.getStatus().getState()));
    }

    private static List<String> firstRow(StatementResponse response) {
        assertEquals(StatementState.SUCCEEDED, response.getStatus().getState(), () -> String.valueOf(
                response.getStatus().getError()));
        return new ArrayList<>(response.getResult().getDataArray().iterator().next());
    }

    private static List<String> values(ResultData chunk) {
        List<String> values = new ArrayList<>();
        chunk.getDataArray().forEach(row -> values.add(row.iterator().next()));
        return values;
    }
}
