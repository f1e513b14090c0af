package io.lakebook.guard.e2e;

import static io.lakebook.guard.e2e.BlockingTest.entries;
import static io.lakebook.guard.e2e.Workspace.adminSets;
import static io.lakebook.guard.e2e.Workspace.as;
import static io.lakebook.guard.e2e.Workspace.chat;
import static io.lakebook.guard.e2e.Workspace.emulator;
import static io.lakebook.guard.e2e.Workspace.gateway;
import static io.lakebook.guard.e2e.Workspace.guard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.core.DatabricksError;
import io.lakebook.emulator.serving.GatewayConfig;
import io.lakebook.emulator.sql.SqlResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What admins change on the gateway stays theirs, also when they change it while the guard runs. */
class AdminEditsTest {
    private static final String BLOCK = "\"calls\":0,\"renewal_period\":\"minute\"}";

    @TempDir
    Path dir;

    @Test
    void keepsAnAdminsChangeMadeBetweenTheGuardsReadAndItsWriteAndReportsOneAfterIt() throws Exception {
        String endpoint = "databricks-busy-admin-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        chat(as("ivo@example.com"), endpoint, 1200);
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_busy_admin", null, ""));
        // The admin's PUT lands right after the guard's first read of the endpoint.
        emulator().servingEndpoints().afterNextRead(endpoint, () -> adminSets(endpoint, config -> withLimit(config,
                GatewayConfig.RateLimit.user("ops@example.com", 7))));

        Workspace.Run applied = guard(file, "apply");
        assertEquals(0, applied.status(), applied.output());
        assertEquals(List.of("{\"key\":\"user\",\"principal\":\"ops@example.com\",\"calls\":7,"
                + "\"renewal_period\":\"minute\"}", "{\"key\":\"user\",\"principal\":\"ivo@example.com\"," + BLOCK),
                entries(gateway(endpoint)), "the admin's entry is kept beside the guard's");
        assertThrows(DatabricksError.class, () -> chat(as("ivo@example.com"), endpoint, 1));

        chat(as("jan@example.com"), endpoint, 1200);
        // This time the admin's change lands right after the guard's PUT, before its read-back.
        emulator().servingEndpoints().afterNextWrite(endpoint, () -> adminSets(endpoint, config -> new GatewayConfig(
                config.rateLimits(), config.usageTrackingConfig(), new GatewayConfig.Guardrails(
                new GatewayConfig.GuardrailParameters(true, null, null, null), null), null, null)));
        Workspace.Run raced = guard(file, "apply");
        assertEquals(1, raced.status(), raced.output());
        assertTrue(raced.output().contains("changed between the guard's read and its read-back"), raced.output());
        assertTrue(raced.output().contains("\"guardrails\":{\"input\":{\"safety\":true}}"), raced.output());
    }

    @Test
    void leavesAnEntryAnAdminChangedAsItIsAndSaysTheUserIsNotBlockedByTheGuard() throws Exception {
        String endpoint = "databricks-edited-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        chat(as("liv@example.com"), endpoint, 1200);
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_edited", null, ""));
        assertEquals(0, guard(file, "apply").status());
        adminSets(endpoint, config -> new GatewayConfig(List.of(GatewayConfig.RateLimit.user("liv@example.com", 60)),
                config.usageTrackingConfig(), null, null, null));

        Workspace.Run edited = guard(file, "apply");
        assertEquals(0, edited.status(), edited.output());
        assertTrue(edited.output().contains("the guard's entry {\"key\":\"user\",\"principal\":\"liv@example.com\","
                + BLOCK + " was changed outside the guard to {\"key\":\"user\",\"principal\":\"liv@example.com\","
                + "\"calls\":60,\"renewal_period\":\"minute\"}"), edited.output());
        assertTrue(edited.output().contains("liv@example.com is not blocked by the guard on " + endpoint),
                edited.output());
        assertEquals(List.of("{\"key\":\"user\",\"principal\":\"liv@example.com\",\"calls\":60,"
                + "\"renewal_period\":\"minute\"}"), entries(gateway(endpoint)), "no fresh entry beside it");
        chat(as("liv@example.com"), endpoint, 1);
        assertEquals(0, guard(file, "apply").status());
        assertEquals(1, count("SELECT count(*) FROM main.guard_edited.guard_audit WHERE action = 'DRIFT'"),
                "reported once");
    }

    @Test
    void keepsOneRowPerEntryAndReportsNoDriftAfterAFailedWrite() throws Exception {
        String endpoint = "databricks-refusing-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        chat(as("max@example.com"), endpoint, 1200);
        adminSets(endpoint, config -> withLimit(config, GatewayConfig.RateLimit.endpoint(500)));
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_refusing", null, ""));
        emulator().servingEndpoints().rateLimitCap(1, 0);
        try {
            assertEquals(1, guard(file, "apply").status());
            assertEquals(1, guard(file, "apply").status());
        } finally {
            emulator().servingEndpoints().rateLimitCap(20, 5);
        }
        Workspace.Run applied = guard(file, "apply");
        assertEquals(0, applied.status(), applied.output());
        assertFalse(applied.output().contains("outside the guard"), applied.output());
        SqlResult rows = emulator().sql().query("SELECT principal, state FROM main.guard_refusing.guard_entries");
        assertEquals(List.of(List.of("max@example.com", "placed")), rows.rows());
        assertEquals(0, count("SELECT count(*) FROM main.guard_refusing.guard_audit WHERE action = 'DRIFT'"));
    }

    private static GatewayConfig withLimit(GatewayConfig config, GatewayConfig.RateLimit limit) {
        List<GatewayConfig.RateLimit> limits = new ArrayList<>(config.limits());
        limits.add(0, limit);
        return new GatewayConfig(limits, config.usageTrackingConfig(), config.guardrails(),
                config.inferenceTableConfig(), config.fallbackConfig());
    }

    private static long count(String sql) {
        return ((Number) emulator().sql().query(sql).rows().get(0).get(0)).longValue();
    }
}
