package io.lakebook.guard.e2e;

import static io.lakebook.guard.e2e.Workspace.as;
import static io.lakebook.guard.e2e.Workspace.chat;
import static io.lakebook.guard.e2e.Workspace.emulator;
import static io.lakebook.guard.e2e.Workspace.gateway;
import static io.lakebook.guard.e2e.Workspace.guard;
import static io.lakebook.guard.e2e.Workspace.requestsSince;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.RequestLimitExceeded;
import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.emulator.http.RequestLog;
import io.lakebook.emulator.serving.GatewayConfig;
import io.lakebook.emulator.serving.ServedModel;
import io.lakebook.emulator.serving.ServingEndpoint;
import io.lakebook.emulator.sql.ServedEntity;
import io.lakebook.emulator.sql.SqlResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard end to end against the emulated workspace: real users calling a model through databricks-sdk-java, usage
 * read through the SQL warehouse, rate limits written through the AI Gateway API and enforced on the next call.
 */
class BudgetGuardTest {
    private static final String CLAUDE = "databricks-claude-sonnet-4-5";
    /** Kiritimati is UTC+14, as far from UTC as a zone gets: its midnight is 10:00 UTC. */
    private static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati");
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

    /** $1 a day each; an output token costs $0.001, so a call answering with 500 tokens costs $0.50. */
    private String budgets(String endpoint, String schema, String extra) {
        return """
                period: daily
                time_zone: Pacific/Kiritimati
                interval: 15m
                soft_warning: 50%
                endpoints: [ENDPOINT]
                default_budget: 1.00
                prices:
                  ENDPOINT:
                    - valid_from: 2026-01-01
                      input_per_million: 1
                      output_per_million: 1000
                notify:
                  webhook: HOOK
                state:
                  schema: SCHEMA
                """.replace("ENDPOINT", endpoint).replace("SCHEMA", schema).replace("HOOK", webhook.url()) + extra;
    }

    @Test
    void blocksTheUserOverBudgetUntilTheirPeriodResetsAndLeavesEverythingElseAlone() throws Exception {
        moveToBeforeKiritimatiMidnight(Duration.ofMinutes(40));
        GatewayConfig seeded = emulator().servingEndpoints().gateway(CLAUDE);
        List<GatewayConfig.RateLimit> limits = new ArrayList<>(seeded.limits());
        limits.add(GatewayConfig.RateLimit.user("dana@example.com", 50));
        emulator().servingEndpoints().setGateway(CLAUDE, new GatewayConfig(limits, seeded.usageTrackingConfig(),
                seeded.guardrails(), seeded.inferenceTableConfig(), seeded.fallbackConfig()));
        JsonNode before = gateway(CLAUDE);
        WorkspaceClient ada = as("ada@example.com");
        WorkspaceClient bob = as("bob@example.com");
        WorkspaceClient cy = as("cy@example.com");
        WorkspaceClient wes = as("wes@example.com");
        chat(ada, CLAUDE, 10);
        chat(bob, CLAUDE, 10);
        chat(wes, CLAUDE, 600);
        for (int i = 0; i < 3; i++) {
            chat(cy, CLAUDE, 500);
        }
        Path file = Workspace.budgets(dir, budgets(CLAUDE, "main.lakebook_guard", ""));

        Workspace.Run applied = guard(file, "apply");
        assertEquals(0, applied.status(), applied.output());
        assertTrue(applied.output().matches("(?s).*cy@example\\.com +1\\.50 +1\\.00 .*BLOCK.*"), applied.output());

        JsonNode afterFirst = gateway(CLAUDE);
        int mark = emulator().requests().size();
        Workspace.Run again = guard(file, "apply");
        assertEquals(0, again.status(), again.output());
        assertTrue(requestsSince(mark).stream().noneMatch(r -> r.method().equals("PUT")), "a second apply changes "
                + "no gateway setting");
        assertEquals(List.of(), writes(requestsSince(mark)), "a second apply writes nothing, not even the lease");
        assertEquals(afterFirst, gateway(CLAUDE));
        assertEquals(List.of("blocked"), webhook.events("cy@example.com"), "told once");

        RequestLimitExceeded refused = assertThrows(RequestLimitExceeded.class, () -> chat(cy, CLAUDE, 1));
        assertEquals(429, refused.getStatusCode());
        chat(ada, CLAUDE, 1);
        chat(bob, CLAUDE, 1);
        JsonNode after = gateway(CLAUDE);
        assertEquals(before.get("guardrails").toString(), after.get("guardrails").toString());
        assertEquals(before.get("usage_tracking_config").toString(), after.get("usage_tracking_config").toString());
        assertEquals(entries(before), entries(after).subList(0, entries(before).size()), "the admin's entries stay");
        assertEquals(List.of("{\"key\":\"user\",\"principal\":\"cy@example.com\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"}"), entries(after).subList(entries(before).size(),
                entries(after).size()));
        assertEquals(List.of("blocked"), webhook.events("cy@example.com"));
        assertEquals(List.of("soft_warning"), webhook.events("wes@example.com"));
        // Each call's prompt is 3 input tokens ($0.000003) besides its output.
        SqlResult audit = emulator().sql().query("SELECT user_name, action, spent, budget, actor, result FROM "
                + "main.lakebook_guard.guard_audit ORDER BY user_name");
        assertEquals(List.of(List.of("cy@example.com", "BLOCK", new BigDecimal("1.500009"),
                new BigDecimal("1.000000"), "analyst@example.com", "applied"), List.of("wes@example.com",
                "WARN", new BigDecimal("0.600003"), new BigDecimal("1.000000"),
                "analyst@example.com", "noted")), audit.rows());

        Workspace.Run status = Workspace.guardAs(emulator().directory().tokenFor("cy@example.com"), file, "status");
        assertEquals(0, status.status(), status.output());
        assertTrue(status.output().contains("blocked     until"), status.output());
        assertTrue(status.output().contains("not a real-time cut-off"), status.output());

        emulator().clock().advance(Duration.ofMinutes(45));
        Workspace.Run nextDay = guard(file, "apply");
        assertEquals(0, nextDay.status(), nextDay.output());
        assertTrue(nextDay.output().contains("UNBLOCK"), nextDay.output());
        chat(cy, CLAUDE, 1);
        assertEquals(before, gateway(CLAUDE), "the endpoint is as it was before the guard");
        assertEquals(List.of("blocked", "unblocked"), webhook.events("cy@example.com"));
    }

    @Test
    void dryRunChangesNothingAnywhere() throws Exception {
        String endpoint = "openai-gpt-4o";
        WorkspaceClient eve = as("eve@example.com");
        chat(eve, endpoint, 900);
        chat(eve, endpoint, 900);
        JsonNode before = gateway(endpoint);
        Path file = Workspace.budgets(dir, budgets(endpoint, "main.guard_dry_run", ""));
        int mark = emulator().requests().size();

        Workspace.Run dry = guard(file, "apply", "--dry-run");
        assertEquals(0, dry.status(), dry.output());
        assertTrue(dry.output().contains("eve@example.com") && dry.output().contains("BLOCK"), dry.output());
        assertTrue(dry.output().contains("would set 1 guard entr"), dry.output());
        assertTrue(dry.output().contains("Dry run: nothing was changed anywhere."), dry.output());
        assertTrue(dry.output().contains(": blocked eve@example.com"), "lists the notice it would send: "
                + dry.output());
        List<RequestLog.Entry> sent = requestsSince(mark);
        assertTrue(sent.stream().allMatch(r -> r.method().equals("GET") || r.path().equals("/api/2.0/sql/statements")),
                "only reads and statements: " + sent.stream().map(r -> r.method() + " " + r.path()).toList());
        assertEquals(List.of(), writes(sent));
        assertEquals(before, gateway(endpoint));
        assertEquals(List.of(), webhook.events("eve@example.com"));
        chat(eve, endpoint, 1);
    }

    @Test
    void twoOverlappingRunsLeaveOneCorrectConfiguration() throws Exception {
        String endpoint = "databricks-meta-llama-3-3-70b-instruct";
        WorkspaceClient fay = as("fay@example.com");
        chat(fay, endpoint, 700);
        chat(fay, endpoint, 700);
        JsonNode before = gateway(endpoint);
        Path file = Workspace.budgets(dir, budgets(endpoint, "main.guard_overlap", ""));
        List<Workspace.Run> runs = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread first = new Thread(() -> runs.add(guard(file, "apply")));
        Thread second = new Thread(() -> runs.add(guard(file, "apply")));
        first.start();
        second.start();
        first.join();
        second.join();

        runs.forEach(run -> assertEquals(0, run.status(), run.output()));
        JsonNode after = gateway(endpoint);
        List<String> added = entries(after).subList(entries(before).size(), entries(after).size());
        assertEquals(List.of("{\"key\":\"user\",\"principal\":\"fay@example.com\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"}"), added, "one entry, whichever run placed it");
        assertEquals(before.get("inference_table_config"), after.get("inference_table_config"));
        SqlResult owned = emulator().sql().query("SELECT principal, state FROM main.guard_overlap.guard_entries");
        assertEquals(List.of(List.of("fay@example.com", "placed")), owned.rows());
        SqlResult blocks = emulator().sql().query("SELECT count(*) FROM main.guard_overlap.guard_audit "
                + "WHERE action = 'BLOCK'");
        assertEquals(1L, ((Number) blocks.rows().get(0).get(0)).longValue(), "decided once");
        assertThrows(RequestLimitExceeded.class, () -> chat(fay, endpoint, 1));
    }

    @Test
    void switchesToTheGroupBlockWhenBlockedUsersOutnumberTheFreeEntries() throws Exception {
        String endpoint = "databricks-gpt-oss-120b";
        List<String> heavy = List.of("gil@example.com", "hal@example.com", "ivy@example.com", "jon@example.com");
        for (String user : heavy) {
            chat(as(user), endpoint, 1200);
        }
        WorkspaceClient kai = as("kai@example.com");
        chat(kai, endpoint, 5);
        emulator().servingEndpoints().rateLimitCap(3, 1);
        try {
            Path file = Workspace.budgets(dir, budgets(endpoint, "main.guard_cap", """
                    gateway:
                      block_group: budget-blocked
                      max_rate_limits: 3
                      max_group_rate_limits: 1
                    """));
            Workspace.Run applied = guard(file, "apply");
            assertEquals(0, applied.status(), applied.output());
            assertTrue(applied.output().contains("blocking through the group budget-blocked"), applied.output());

            assertEquals(List.of("{\"key\":\"user_group\",\"principal\":\"budget-blocked\",\"calls\":0,"
                    + "\"renewal_period\":\"minute\"}"), entries(gateway(endpoint)));
            assertEquals(new java.util.TreeSet<>(heavy), new java.util.TreeSet<>(emulator().directory()
                    .membersOf("budget-blocked")));
            for (String user : heavy) {
                assertThrows(RequestLimitExceeded.class, () -> chat(as(user), endpoint, 1), user);
            }
            chat(kai, endpoint, 1);
            SqlResult fallback = emulator().sql().query("SELECT endpoint FROM main.guard_cap.guard_audit WHERE "
                    + "action = 'GROUP_BLOCK'");
            assertEquals(List.of(List.of(endpoint)), fallback.rows());
        } finally {
            emulator().servingEndpoints().rateLimitCap(20, 5);
        }
    }

    @Test
    void appliesTheBudgetsOfTheWorkspacesGroups() throws Exception {
        String endpoint = "databricks-team-model";
        long now = emulator().clock().millis();
        emulator().servingEndpoints().add(new ServingEndpoint(endpoint, null,
                "analyst@example.com", now, now, "llm/v1/chat", "a team's model",
                ServedModel.foundation("team0000000000000000000000000001", endpoint,
                        "Team model"), new GatewayConfig(null, new GatewayConfig.UsageTracking(true), null, null,
                        null)));
        emulator().sql().insertServedEntity(ServedEntity.foundationModel(
                "team0000000000000000000000000001", endpoint, Instant.ofEpochMilli(now)));
        emulator().directory().addGroup("interns");
        emulator().directory().addGroup("all-interns");
        emulator().directory().addMember("interns", "lou@example.com");
        emulator().directory().tokenFor("mo@example.com");
        emulator().directory().addMember("all-interns", "mo@example.com");
        emulator().directory().addMember("all-interns", "lou@example.com");
        chat(as("lou@example.com"), endpoint, 300);
        chat(as("nia@example.com"), endpoint, 300);
        Path file = Workspace.budgets(dir, budgets(endpoint, "main.guard_groups", """
                groups:
                  interns:
                    member_budget: 0.25
                  all-interns:
                    budget: 5
                """));
        Workspace.Run applied = guard(file, "apply");
        assertEquals(0, applied.status(), applied.output());
        assertTrue(applied.output().matches("(?s).*lou@example\\.com +0\\.30 +0\\.25 .*BLOCK.*"), applied.output());
        assertTrue(applied.output().matches("(?s).*nia@example\\.com +0\\.30 +1\\.00 .*OK.*"), applied.output());
        assertTrue(applied.output().contains("group all-interns (2 members): spent 0.30 of 5.00"), applied.output());
        assertThrows(RequestLimitExceeded.class, () -> chat(as("lou@example.com"), endpoint, 1));
        chat(as("nia@example.com"), endpoint, 1);
    }

    /** Moves the workspace clock forward to {@code before} the next midnight in Kiritimati. */
    private static void moveToBeforeKiritimatiMidnight(Duration before) {
        Instant now = emulator().clock().instant();
        Instant midnight = LocalDate.ofInstant(now, KIRITIMATI).plusDays(1).atStartOfDay(KIRITIMATI).toInstant();
        Duration until = Duration.between(now, midnight.minus(before));
        if (until.isNegative()) {
            until = until.plusDays(1);
        }
        emulator().clock().advance(until);
    }

    private static List<String> entries(JsonNode gateway) {
        List<String> entries = new ArrayList<>();
        gateway.path("rate_limits").forEach(entry -> entries.add(entry.toString()));
        return entries;
    }

    /** The SQL sent that writes: anything but a SELECT. */
    private static List<String> writes(List<RequestLog.Entry> requests) {
        return requests.stream().filter(r -> r.path().equals("/api/2.0/sql/statements") && r.method().equals("POST"))
                .map(RequestLog.Entry::command).filter(sql -> !sql.stripLeading().toUpperCase().startsWith("SELECT"))
                .toList();
    }
}
