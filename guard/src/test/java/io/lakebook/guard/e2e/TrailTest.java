package io.lakebook.guard.e2e;

import static io.lakebook.guard.e2e.Workspace.as;
import static io.lakebook.guard.e2e.Workspace.chat;
import static io.lakebook.guard.e2e.Workspace.emulator;
import static io.lakebook.guard.e2e.Workspace.guard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.core.sql.Sql;
import io.lakebook.emulator.sql.SqlFailure;
import io.lakebook.guard.workspace.Lease;
import io.lakebook.guard.workspace.Warehouse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the guard leaves behind: notices sent once and sent again after a failure, and an append-only audit trail. */
class TrailTest {
    private static WebhookReceiver webhook;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        emulator();
        webhook = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        webhook.close();
    }

    @Test
    void sendsAFailedNoticeAgainAtTheNextRunAndKeepsTheFailureInTheTrail() throws Exception {
        String endpoint = "databricks-notice-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        chat(as("nea@example.com"), endpoint, 600);
        chat(as("oli@example.com"), endpoint, 1200);
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_notices", webhook.url(), ""));
        Workspace.Run dry = guard(file, "apply", "--dry-run");
        assertTrue(dry.output().contains("would tell webhook at http://127.0.0.1:" + webhook.port()
                + ": soft_warning nea@example.com"), dry.output());

        webhook.refuseWith(503);
        Workspace.Run failed;
        try {
            failed = guard(file, "apply");
        } finally {
            webhook.refuseWith(0);
        }
        assertEquals(1, failed.status(), failed.output());
        assertTrue(failed.output().contains("could not send the soft_warning notice for nea@example.com: the webhook "
                + "at http://127.0.0.1:" + webhook.port() + " answered HTTP 503; the next run sends it again"),
                failed.output());
        assertEquals(List.of(List.of("NOTICE", "soft_warning notice not sent: the webhook at http://127.0.0.1:"
                + webhook.port() + " answered HTTP 503")), emulator().sql().query("SELECT action, reason FROM "
                + "main.guard_notices.guard_audit WHERE user_name = 'nea@example.com' AND result = 'failed'").rows());

        Workspace.Run retried = guard(file, "apply");
        assertEquals(0, retried.status(), retried.output());
        assertEquals(List.of("soft_warning"), webhook.events("nea@example.com"), "the warning, once, a run late");
        assertEquals(List.of("blocked"), webhook.events("oli@example.com"));
        JsonNode blocked = webhook.bodies("oli@example.com").get(0);
        assertEquals(emulator().host(), blocked.path("workspace").asText());
        assertEquals("[\"" + endpoint + "\"]", blocked.path("endpoints").toString());
        assertEquals("Pacific/Kiritimati", blocked.path("time_zone").asText());
        assertTrue(blocked.path("blocked_until").asText().endsWith("T00:00:00+14:00"), blocked.toString());
        assertTrue(blocked.path("text").asText().contains(" 00:00 Pacific/Kiritimati"), blocked.toString());
        assertEquals(0, guard(file, "apply").status());
        assertEquals(List.of("soft_warning"), webhook.events("nea@example.com"), "told once");
    }

    @Test
    void keepsTheAuditTrailAppendOnlyAndRecordsASkippedRun() throws Exception {
        String endpoint = "databricks-audited-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        chat(as("pam@example.com"), endpoint, 1200);
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_audited", null, ""));
        assertEquals(0, guard(file, "apply").status());
        assertEquals(List.of(List.of("delta.appendOnly", "true")), emulator().sql().query("SHOW TBLPROPERTIES "
                + "main.guard_audited.guard_audit").rows());
        SqlFailure refused = assertThrows(SqlFailure.class, () -> emulator().sql().execute("DELETE FROM "
                + "main.guard_audited.guard_audit"));
        assertEquals("DELTA_CANNOT_MODIFY_APPEND_ONLY", refused.errorClass());
        assertThrows(SqlFailure.class, () -> emulator().sql().execute("UPDATE main.guard_audited.guard_audit SET "
                + "result = 'hidden'"));

        chat(as("quin@example.com"), endpoint, 1200);
        Warehouse warehouse = new Warehouse(new Sql(admin(), emulator().defaultWarehouseId()));
        Lease held = new Lease(warehouse, "main.guard_audited.guard_lease", "a run by hand");
        assertTrue(held.acquire(emulator().clock().instant()).isEmpty());
        try {
            Workspace.Run skipped = guard(file, "apply");
            assertEquals(0, skipped.status(), skipped.output());
            assertTrue(skipped.output().contains("another run of the guard (a run by hand) holds the lease"),
                    skipped.output());
        } finally {
            held.release();
        }
        assertEquals(List.of(List.of("SKIPPED", "skipped")), emulator().sql().query("SELECT action, result FROM "
                + "main.guard_audited.guard_audit WHERE action = 'SKIPPED'").rows());
    }

    @Test
    void addsTheColumnsItNowNeedsToTablesAnEarlierVersionMadeAndKeepsTheirRows() throws Exception {
        String endpoint = "databricks-upgraded-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        emulator().sql().execute("CREATE SCHEMA main.guard_upgraded");
        emulator().sql().execute("CREATE TABLE main.guard_upgraded.guard_notices (event_key STRING, user_name STRING, "
                + "event STRING, sent_at TIMESTAMP, result STRING)");
        emulator().sql().execute("INSERT INTO main.guard_upgraded.guard_notices VALUES ('warn|old', 'old@example.com', "
                + "'soft_warning', TIMESTAMP '2026-01-01 00:00:00', 'sent')");
        chat(as("rex@example.com"), endpoint, 1200);
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_upgraded", webhook.url(), ""));
        Workspace.Run applied = guard(file, "apply");
        assertEquals(0, applied.status(), applied.output());
        assertEquals(List.of("blocked"), webhook.events("rex@example.com"));
        assertEquals(List.of(List.of("old@example.com", "sent")), emulator().sql().query("SELECT user_name, result "
                + "FROM main.guard_upgraded.guard_notices WHERE event_key = 'warn|old'").rows());
    }

    private static WorkspaceClient admin() {
        return new WorkspaceClient(new DatabricksConfig().setHost(emulator().host()).setToken(emulator().token())
                .setCredentialsProvider(new PatCredentialsProvider()));
    }
}
