package io.lakebook.bench.jmh;

import io.lakebook.guard.budget.BudgetFile;
import io.lakebook.guard.budget.Budgets;
import io.lakebook.guard.plan.BlockState;
import io.lakebook.guard.plan.Plan;
import io.lakebook.guard.plan.PlanInput;
import io.lakebook.guard.plan.Planner;
import io.lakebook.guard.plan.UsageRow;
import io.lakebook.guard.plan.UsageWindow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The budget guard's planning for a large workspace, from the rows the warehouse already aggregated to every
 * user's decision: what {@code lakebook guard plan} does after its one query, with no I/O. Users spread over three
 * governed endpoints, two price versions in the period, twenty groups with budgets of their own, some users
 * blocked already and some warned.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GuardPlanBenchmark {
    private static final List<String> ENDPOINTS = List.of("databricks-claude-sonnet-4-5",
            "databricks-meta-llama-3-3-70b-instruct", "databricks-gpt-oss-120b");
    private static final Instant NOW = Instant.parse("2026-06-15T20:00:00Z");
    private static final Instant START = Instant.parse("2026-06-15T11:00:00Z");
    private static final Instant PRICE_CHANGE = Instant.parse("2026-06-15T14:00:00Z");
    private static final int GROUPS = 20;

    @Param({"10000"})
    public int users;

    private PlanInput input;

    @Setup(Level.Trial)
    public void generate() {
        input = input(users);
    }

    @Benchmark
    public Plan plan() {
        return Planner.plan(input);
    }

    /** A workspace of {@code users} users calling three endpoints, with the budgets file of a large team. */
    public static PlanInput input(int users) {
        Budgets budgets = BudgetFile.parse(budgetsFile(), "bench-budgets.yaml");
        UsageWindow window = new UsageWindow(START, List.of(START, PRICE_CHANGE), NOW.minus(Duration.ofHours(1)),
                NOW);
        Random random = new Random(7);
        List<UsageRow> usage = new ArrayList<>(users * ENDPOINTS.size());
        Map<String, Set<String>> members = new HashMap<>();
        Map<String, BlockState> blocks = new HashMap<>();
        Set<String> warned = new HashSet<>();
        for (int u = 0; u < users; u++) {
            String user = "user" + u + "@example.com";
            members.computeIfAbsent("team-" + (u % GROUPS), key -> new HashSet<>()).add(user);
            for (String endpoint : ENDPOINTS) {
                long[] in = {random.nextInt(200_000), random.nextInt(200_000)};
                long[] out = {random.nextInt(40_000), random.nextInt(40_000)};
                usage.add(new UsageRow(user, endpoint, endpoint, in, out, in[1] / 4, out[1] / 4,
                        NOW.minusSeconds(random.nextInt(3_600))));
            }
            if (u % 20 == 0) {
                blocks.put(user, new BlockState(user, NOW.minus(Duration.ofHours(2)), START.plus(Duration.ofDays(1)),
                        BigDecimal.ONE, "spent past the budget"));
            } else if (u % 7 == 0) {
                warned.add(user);
            }
        }
        return new PlanInput(budgets, window, Duration.ofMinutes(5), true, usage, members, blocks, warned);
    }

    private static String budgetsFile() {
        StringBuilder file = new StringBuilder("""
                period: daily
                time_zone: Pacific/Pago_Pago
                interval: 15m
                burn_window: 1h
                soft_warning: 80%
                default_budget: 5.00
                endpoints: [databricks-claude-sonnet-4-5, databricks-meta-llama-3-3-70b-instruct, \
                databricks-gpt-oss-120b]
                groups:
                """);
        for (int g = 0; g < GROUPS; g++) {
            file.append("  team-").append(g).append(":\n    budget: 2000\n    member_budget: 6\n");
        }
        file.append("prices:\n");
        for (String endpoint : ENDPOINTS) {
            file.append("  ").append(endpoint).append(":\n")
                    .append("    - valid_from: 2026-01-01\n      input_per_million: 3\n      output_per_million: 15\n")
                    .append("    - valid_from: 2026-06-15T14:00:00Z\n      input_per_million: 2\n")
                    .append("      output_per_million: 10\n");
        }
        return file.toString();
    }
}
