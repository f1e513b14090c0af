package io.lakebook.guard.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lakebook.guard.budget.BudgetFile;
import io.lakebook.guard.budget.Budgets;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final String EP = "databricks-claude-sonnet-4-5";
    /** Pago Pago is UTC-11: its days start at 11:00 UTC. */
    private static final Budgets BUDGETS = BudgetFile.parse("""
            period: daily
            time_zone: Pacific/Pago_Pago
            interval: 15m
            burn_window: 1h
            soft_warning: 50%
            endpoints: [databricks-claude-sonnet-4-5]
            default_budget: 1.00
            users:
              big@example.com: 10
            groups:
              team:
                budget: 3
                member_budget: 2
            prices:
              databricks-claude-sonnet-4-5:
                - valid_from: 2026-01-01
                  input_per_million: 1
                  output_per_million: 10
                - valid_from: 2026-06-01T12:00:00Z
                  input_per_million: 2
                  output_per_million: 20
            exemptions:
              - user: vip@example.com
                until: 2026-06-30
            """, "b.yaml");
    private static final Instant NOW = Instant.parse("2026-06-01T20:00:00Z");
    private static final Instant START = Instant.parse("2026-06-01T11:00:00Z");
    private static final UsageWindow WINDOW = new UsageWindow(START, List.of(START,
            Instant.parse("2026-06-01T12:00:00Z")), NOW.minus(Duration.ofHours(1)), NOW);

    @Test
    void startsTheDayAtMidnightInTheBudgetsTimeZone() {
        assertEquals(START, BUDGETS.periodStart(NOW));
        assertEquals(Instant.parse("2026-06-02T11:00:00Z"), BUDGETS.periodEnd(START));
        assertEquals(Instant.parse("2026-05-31T11:00:00Z"), BUDGETS.periodStart(Instant.parse(
                "2026-06-01T10:59:59Z")));
    }

    @Test
    void pricesEachSegmentWithThePriceInForce() {
        // 100k output tokens before the change (1.00) and 100k after (2.00).
        Decision ada = only(plan(row("ada@example.com", 0, 100_000, 0, 100_000, 0, 0)));
        assertEquals(new BigDecimal("3.000000"), ada.spent());
        assertEquals(Action.BLOCK, ada.action());
        assertEquals(Instant.parse("2026-06-02T11:00:00Z"), ada.blockedUntil().orElseThrow());
    }

    @Test
    void blocksWhenTheProjectionPassesTheBudgetBeforeTheSpendDoes() {
        // 0.80 spent, all of it in the last hour: 0.80/h over 15 min plus 5 min of lag adds 0.2667.
        Decision ada = only(planWithLag(Duration.ofMinutes(5), row("ada@example.com", 0, 0, 0, 40_000, 0,
                40_000)));
        assertEquals(new BigDecimal("0.800000"), ada.spent());
        assertEquals(new BigDecimal("1.066667"), ada.projected());
        assertEquals(Action.BLOCK, ada.action());
    }

    @Test
    void warnsOnceAtTheSoftThreshold() {
        UsageRow half = row("ada@example.com", 0, 0, 0, 30_000, 0, 0);
        assertEquals(Action.WARN, only(plan(half)).action());
        PlanInput warned = input(List.of(half), Map.of(), Set.of("ada@example.com"));
        assertEquals(Action.OK, only(Planner.plan(warned)).action());
    }

    @Test
    void keepsABlockOfSpendPastTheBudgetUntilThePeriodEndsAndLiftsItAfter() {
        BlockState block = new BlockState("ada@example.com", NOW.minus(Duration.ofHours(2)), BUDGETS.periodEnd(START),
                BigDecimal.ONE, "projected past the budget");
        // 1.20 spent of a budget of 1, nothing in the last hour (blocked calls cost nothing).
        UsageRow over = row("ada@example.com", 0, 0, 0, 120_000, 0, 0);
        assertEquals(Action.STAY_BLOCKED, only(Planner.plan(input(List.of(over), Map.of("ada@example.com", block),
                Set.of()))).action());
        BlockState yesterday = new BlockState("ada@example.com", START.minus(Duration.ofHours(5)), START,
                BigDecimal.ONE, "projected past the budget");
        Decision lifted = only(Planner.plan(input(List.of(), Map.of("ada@example.com", yesterday), Set.of())));
        assertEquals(Action.UNBLOCK, lifted.action());
        assertTrue(lifted.reason().contains("new period"), lifted.reason());
    }

    @Test
    void liftsABlockPlacedOnAProjectionOnceTheProjectionFallsBelowTheBudgetLessTheMargin() {
        BlockState block = new BlockState("ada@example.com", NOW.minus(Duration.ofHours(2)), BUDGETS.periodEnd(START),
                BigDecimal.ONE, "projected past the budget");
        // 0.80 spent and no calls in the last hour: the projection is 0.80, below 1.00 less 10%.
        Decision lifted = only(Planner.plan(input(List.of(row("ada@example.com", 0, 80_000, 0, 0, 0, 0)),
                Map.of("ada@example.com", block), Set.of())));
        assertEquals(Action.UNBLOCK, lifted.action());
        assertTrue(lifted.reason().contains("stayed within the budget of 1.00 and the projection fell back to 0.80"),
                lifted.reason());
    }

    @Test
    void keepsABlockWhileTheProjectionIsWithinTheMarginOfTheBudget() {
        BlockState block = new BlockState("ada@example.com", NOW.minus(Duration.ofHours(2)), BUDGETS.periodEnd(START),
                BigDecimal.ONE, "projected past the budget");
        // 0.95 spent: under the budget, but above 1.00 less 10%, so lifting it would block again at once.
        Decision held = only(Planner.plan(input(List.of(row("ada@example.com", 0, 95_000, 0, 0, 0, 0)),
                Map.of("ada@example.com", block), Set.of())));
        assertEquals(Action.STAY_BLOCKED, held.action());
    }

    @Test
    void liftsABlockWithinThePeriodWhenTheBudgetWasRaised() {
        BlockState block = new BlockState("big@example.com", NOW.minus(Duration.ofHours(2)), BUDGETS.periodEnd(START),
                BigDecimal.ONE, "projected past the budget");
        Decision raised = only(Planner.plan(input(List.of(row("big@example.com", 0, 0, 0, 60_000, 0, 0)),
                Map.of("big@example.com", block), Set.of())));
        assertEquals(Action.UNBLOCK, raised.action());
        assertEquals("user", raised.budgetSource());
    }

    @Test
    void neverBlocksAnExemptUser() {
        Decision vip = only(plan(row("vip@example.com", 0, 0, 0, 900_000, 0, 0)));
        assertEquals(Action.EXEMPT, vip.action());
    }

    @Test
    void blocksEveryMemberOnceTheGroupPassesItsSharedBudget() {
        // Each member spends 1.60 of a member budget of 2; together 3.20 of the shared 3.
        PlanInput input = new PlanInput(BUDGETS, WINDOW, Duration.ZERO, true, List.of(
                row("kim@example.com", 0, 0, 0, 80_000, 0, 0), row("lee@example.com", 0, 0, 0, 80_000, 0, 0)),
                Map.of("team", Set.of("kim@example.com", "lee@example.com", "idle@example.com")), Map.of(),
                Set.of("kim@example.com", "lee@example.com"));
        Plan plan = Planner.plan(input);
        assertEquals(List.of("idle@example.com", "kim@example.com", "lee@example.com"), plan.blockedUsers());
        assertEquals("group team", plan.decisions().get(1).budgetSource());
        assertTrue(plan.groups().get(0).over());
    }

    @Test
    void warnsAboutUsageOfAModelWithoutAPrice() {
        Plan plan = Planner.plan(input(List.of(new UsageRow("ada@example.com", "other-endpoint", "other-model",
                new long[] {10, 10}, new long[] {0, 0}, 0, 0, NOW)), Map.of(), Set.of()));
        assertTrue(plan.warnings().get(0).startsWith("No price for other-model on other-endpoint"),
                plan.warnings().toString());
        assertEquals(new BigDecimal("0.000000"), only(plan).spent());
    }

    private static Plan plan(UsageRow... rows) {
        return Planner.plan(input(List.of(rows), Map.of(), Set.of()));
    }

    private static Plan planWithLag(Duration lag, UsageRow... rows) {
        return Planner.plan(new PlanInput(BUDGETS, WINDOW, lag, true, List.of(rows), Map.of(), Map.of(), Set.of()));
    }

    private static PlanInput input(List<UsageRow> rows, Map<String, BlockState> blocks, Set<String> warned) {
        return new PlanInput(BUDGETS, WINDOW, Duration.ZERO, true, rows, Map.of(), blocks, warned);
    }

    private static UsageRow row(String user, long in0, long out0, long in1, long out1, long recentIn,
                                long recentOut) {
        return new UsageRow(user, EP, "system.ai.claude-sonnet-4-5", new long[] {in0, in1}, new long[] {out0, out1},
                recentIn, recentOut, NOW);
    }

    private static Decision only(Plan plan) {
        assertEquals(1, plan.decisions().size(), plan.decisions().toString());
        return plan.decisions().get(0);
    }
}
