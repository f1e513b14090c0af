package io.lakebook.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What SQL users may do to which tables (the system catalog is read-only, an append-only table keeps its rows), who
 * {@code current_user()} is, the built-in admins group, and the emulator's own clock control for trying it by hand.
 */
class WorkspaceControlsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void refusesUsersEveryWriteToTheSystemCatalog() {
        WorkspaceClient ada = Sdk.client(emulator, emulator.directory().tokenFor("ada@example.com"));
        for (String sql : List.of("DELETE FROM system.serving.endpoint_usage",
                "INSERT INTO system.serving.endpoint_usage SELECT * FROM system.serving.endpoint_usage",
                "DROP TABLE system.serving.served_entities", "CREATE TABLE system.serving.mine (x INT)")) {
            StatementResponse answer = run(ada, sql);
            assertEquals(StatementState.FAILED, answer.getStatus().getState(), sql);
            assertTrue(answer.getStatus().getError().getMessage().startsWith("[INSUFFICIENT_PERMISSIONS] Insufficient "
                    + "privileges:"), sql + ": " + answer.getStatus().getError().getMessage());
        }
        assertEquals(StatementState.SUCCEEDED, run(ada, "SELECT count(*) FROM system.serving.endpoint_usage")
                .getStatus().getState());
    }

    @Test
    void keepsTheRowsOfAnAppendOnlyTableAsDeltaDoes() {
        emulator.sql().execute("CREATE SCHEMA IF NOT EXISTS main.trail");
        emulator.sql().execute("CREATE TABLE main.trail.events (what STRING) TBLPROPERTIES "
                + "('delta.appendOnly' = 'true', 'owner.note' = 'kept')");
        emulator.sql().execute("INSERT INTO main.trail.events VALUES ('first')");
        WorkspaceClient admin = Sdk.client(emulator);
        for (String sql : List.of("DELETE FROM main.trail.events", "UPDATE trail.events SET what = 'x'",
                "TRUNCATE TABLE main.trail.events", "MERGE INTO main.trail.events t USING (SELECT 'first' AS what) s "
                        + "ON t.what = s.what WHEN MATCHED THEN DELETE")) {
            StatementResponse answer = admin.statementExecution().executeStatement(new ExecuteStatementRequest()
                    .setWarehouseId(emulator.defaultWarehouseId()).setStatement(sql).setCatalog("main")
                    .setWaitTimeout("10s"));
            assertEquals(StatementState.FAILED, answer.getStatus().getState(), sql);
            assertTrue(answer.getStatus().getError().getMessage().startsWith("[DELTA_CANNOT_MODIFY_APPEND_ONLY] This "
                    + "table is configured to only allow appends."), answer.getStatus().getError().getMessage());
        }
        assertEquals(List.of(List.of("delta.appendOnly", "true"), List.of("owner.note", "kept")),
                emulator.sql().query("SHOW TBLPROPERTIES main.trail.events").rows());
        emulator.sql().execute("ALTER TABLE main.trail.events SET TBLPROPERTIES ('delta.appendOnly' = 'false')");
        emulator.sql().execute("DELETE FROM main.trail.events");
        assertEquals(0L, emulator.sql().query("SELECT count(*) AS n FROM main.trail.events").value(0, "n"));
    }

    @Test
    void showsEachCallerTheirOwnRowsThroughAViewOnCurrentUser() {
        emulator.sql().execute("CREATE SCHEMA IF NOT EXISTS main.spend");
        emulator.sql().execute("CREATE TABLE main.spend.rows AS SELECT * FROM (VALUES ('bo@example.com', 1), "
                + "('cy@example.com', 2)) AS t(user_name, amount)");
        emulator.sql().execute("CREATE VIEW main.spend.mine AS SELECT * FROM main.spend.rows WHERE user_name = "
                + "current_user()");
        for (String user : List.of("bo@example.com", "cy@example.com")) {
            WorkspaceClient client = Sdk.client(emulator, emulator.directory().tokenFor(user));
            StatementResponse answer = run(client, "SELECT user_name, current_user() FROM main.spend.mine");
            assertEquals(List.of(List.of(user, user)), answer.getResult().getDataArray().stream()
                    .map(List::copyOf).toList());
        }
    }

    @Test
    void putsTheWorkspacesOwnUserInTheAdminsGroup() {
        List<String> groups = Sdk.client(emulator).currentUser().me(new MeRequest()).getGroups().stream()
                .map(ComplexValue::getDisplay).toList();
        assertTrue(groups.contains("admins"), groups.toString());
        String dee = emulator.directory().tokenFor("dee@example.com");
        java.util.Collection<ComplexValue> plain = Sdk.client(emulator, dee).currentUser().me(new MeRequest())
                .getGroups();
        assertTrue(plain.stream().noneMatch(group -> "admins".equals(group.getDisplay())), plain.toString());
    }

    @Test
    void movesTheClockFromOutsideForTheEmulatorsOwnTokenOnly() throws Exception {
        Instant before = emulator.clock().instant();
        JsonNode moved = post(emulator.token(), "{\"advance\": \"PT2H\"}");
        Instant now = Instant.parse(moved.path("now").asText());
        assertTrue(Duration.between(before, now).compareTo(Duration.ofHours(2)) >= 0, moved.toString());
        assertTrue(emulator.sql().query("SELECT current_timestamp() AS t").value(0, "t").toString()
                .startsWith(now.toString().substring(0, 13)), "SQL follows the clock");
        String eli = emulator.directory().tokenFor("eli@example.com");
        HttpResponse<String> refused = send(eli, "{\"advance\": \"PT1H\"}");
        assertEquals(403, refused.statusCode(), refused.body());
        HttpResponse<String> wrong = send(emulator.token(), "{\"advance\": \"two hours\"}");
        assertEquals(400, wrong.statusCode());
        assertTrue(wrong.body().contains("ISO-8601 duration such as PT1H"), wrong.body());
    }

    private static JsonNode post(String token, String body) throws Exception {
        HttpResponse<String> response = send(token, body);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.host() + "/lakebook-emulator/clock"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static StatementResponse run(WorkspaceClient client, String sql) {
        return client.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(emulator.defaultWarehouseId()).setStatement(sql).setWaitTimeout("10s"));
    }
}
