package io.lakebook.guard.e2e;

import static io.lakebook.guard.e2e.Workspace.adminSets;
import static io.lakebook.guard.e2e.Workspace.as;
import static io.lakebook.guard.e2e.Workspace.chat;
import static io.lakebook.guard.e2e.Workspace.emulator;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every blocked principal is really refused, also when the endpoint runs out of rate-limit entries. */
class BlockingTest {
    /** A service principal's application id, as the requester of its calls and the principal of its limit. */
    private static final String ROBOT = "6f3c2a1e-0b7d-4c5e-9a3f-11d2c4b5a601";
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
    void refusesEveryBlockedPrincipalWhenTheGroupBlockCannotHoldThemAll() throws Exception {
        String endpoint = "databricks-fallback-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        emulator().directory().addGroup("night-shift");
        emulator().directory().addMember("night-shift", "pia@example.com");
        // An admin's own limit for a group: its members are limited only once both groups are spent (§1.6).
        adminSets(endpoint, config -> new GatewayConfig(List.of(GatewayConfig.RateLimit.group("night-shift", 100)),
                config.usageTrackingConfig(), null, null, null));
        List<String> heavy = List.of("gus@example.com", "pia@example.com", ROBOT, "ula@example.com");
        for (String principal : heavy) {
            chat(as(principal), endpoint, 1200);
        }
        chat(as("kai@example.com"), endpoint, 5);
        emulator().servingEndpoints().rateLimitCap(4, 5);
        try {
            Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_fallback", null, """
                    users:
                      %s: 1.00
                    gateway:
                      block_group: fallback-blocked
                      max_rate_limits: 4
                    """.formatted(ROBOT)));
            Workspace.Run applied = guard(file, "apply");
            assertEquals(0, applied.status(), applied.output());
            assertTrue(applied.output().contains("blocking through the group fallback-blocked"), applied.output());
            assertEquals(List.of("{\"key\":\"user_group\",\"principal\":\"night-shift\",\"calls\":100,"
                    + "\"renewal_period\":\"minute\"}", entry("user_group", "fallback-blocked"),
                    entry("service_principal", ROBOT), entry("user", "pia@example.com")),
                    entries(Workspace.gateway(endpoint)));
            for (String principal : heavy) {
                assertThrows(DatabricksError.class, () -> chat(as(principal), endpoint, 1), principal);
            }
            chat(as("kai@example.com"), endpoint, 1);
        } finally {
            emulator().servingEndpoints().rateLimitCap(20, 5);
        }
    }

    @Test
    void fallsBackToTheGroupWhenTheWorkspaceTakesFewerEntriesAndTellsOnlyOfBlocksInPlace() throws Exception {
        String endpoint = "databricks-small-cap-model";
        Workspace.newEndpoint(endpoint);
        Workspace.toMiddayInKiritimati();
        List<String> heavy = List.of("ama@example.com", "ben@example.com", "cal@example.com");
        for (String user : heavy) {
            chat(as(user), endpoint, 1200);
        }
        Path file = Workspace.budgets(dir, Workspace.kiritimati(endpoint, "main.guard_small_cap", webhook.url(),
                "gateway:\n  block_group: small-cap-blocked\n"));
        // The workspace takes 2 entries and no group entry, below the 20 and 5 the file assumes.
        emulator().servingEndpoints().rateLimitCap(2, 0);
        try {
            Workspace.Run refused = guard(file, "apply");
            assertEquals(1, refused.status(), refused.output());
            assertTrue(refused.output().contains("refused the rate limits of " + endpoint + " for their number"),
                    refused.output());
            assertFalse(refused.output().contains(endpoint + ": did set"), refused.output());
            assertFalse(refused.output().contains("Can Manage"), "not a permission problem: " + refused.output());
            for (String user : heavy) {
                assertEquals(List.of(), webhook.events(user), "no block notice for a block not in place");
                chat(as(user), endpoint, 1);
            }
            SqlResult audit = emulator().sql().query("SELECT DISTINCT result FROM main.guard_small_cap.guard_audit "
                    + "WHERE action = 'BLOCK'");
            assertTrue(audit.rows().get(0).get(0).toString().startsWith("not blocked: " + endpoint
                    + " was not written"), audit.rows().toString());

            emulator().servingEndpoints().rateLimitCap(2, 5);
            Workspace.Run applied = guard(file, "apply");
            assertEquals(0, applied.status(), applied.output());
            assertTrue(applied.output().contains("planning again for at most 2 rate limits"), applied.output());
            assertTrue(applied.output().contains(endpoint + ": did set 1 guard entr(ies) (blocking through the group "
                    + "small-cap-blocked"), applied.output());
            for (String user : heavy) {
                assertThrows(DatabricksError.class, () -> chat(as(user), endpoint, 1), user);
                assertEquals(List.of("blocked"), webhook.events(user), user);
            }
        } finally {
            emulator().servingEndpoints().rateLimitCap(20, 5);
        }
    }

    private static String entry(String key, String principal) {
        return "{\"key\":\"" + key + "\",\"principal\":\"" + principal + "\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"}";
    }

    static List<String> entries(com.fasterxml.jackson.databind.JsonNode gateway) {
        List<String> entries = new ArrayList<>();
        gateway.path("rate_limits").forEach(entry -> entries.add(entry.toString()));
        return entries;
    }
}
