package io.lakebook.bench.figures;

import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.jmh.GuardPlanBenchmark;
import io.lakebook.bench.jmh.Jmh;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Target;
import io.lakebook.guard.plan.Planner;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The budget guard's plan for 10,000 users on 3 endpoints, warehouse time excluded (JMH,
 * {@link GuardPlanBenchmark}): from the warehouse's aggregated rows to every user's decision. The query itself runs
 * in the warehouse and is not lakebook's time.
 */
public final class GuardPlan implements Figure {
    public static final String ID = "guard-plan";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Guard plan for 10,000 users on 3 endpoints";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        int users = bench.options().quick() ? 1_000 : 10_000;
        Jmh.Measured plan = Jmh.run(bench, GuardPlanBenchmark.class, "plan", Map.of("users",
                String.valueOf(users)), false);
        int decisions = Planner.plan(GuardPlanBenchmark.input(users)).decisions().size();
        return List.of(Row.measured(title(), "plan for " + String.format(Locale.ROOT, "%,d", users) + " users on 3 "
                        + "endpoints, warehouse time excluded", plan.time(), null, Target.atMost(2_000))
                .withNote("JMH, average time per plan: pricing 30,000 aggregated usage rows in two price versions, "
                        + "20 group budgets, projections and the action for each of " + String.format(Locale.ROOT,
                        "%,d", decisions) + " users.")
                .ifMissed("Planning is arithmetic over the rows the warehouse already summed; a miss points at "
                        + "the money arithmetic (BigDecimal) or the group lookups."));
    }
}
