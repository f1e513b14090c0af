package io.lakebook.guard.cli;

import io.lakebook.guard.budget.Budgets;
import io.lakebook.guard.plan.Decision;
import io.lakebook.guard.plan.GroupFigures;
import io.lakebook.guard.plan.Plan;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;

/** The plan as a table: one line per user, then the groups' shared budgets. */
final class PlanTable {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final PrintStream out;
    private final Budgets budgets;

    PlanTable(PrintStream out, Budgets budgets) {
        this.out = out;
        this.budgets = budgets;
    }

    void print(Plan plan) {
        out.println("period " + WHEN.format(plan.periodStart().atZone(budgets.zone())) + " to "
                + WHEN.format(plan.periodEnd().atZone(budgets.zone())) + " " + budgets.zone() + "; projected to the "
                + "next run: interval " + budgets.interval().toMinutes() + " min + data lag " + plan.lag().toSeconds()
                + " s" + (plan.lagMeasured() ? " (measured from the newest usage row)"
                : " (assumed: no usage row in the last interval)") + "; amounts in "
                + budgets.currency());
        int width = Math.max(4, plan.decisions().stream().mapToInt(d -> d.user().length()).max().orElse(4));
        String format = "%-" + width + "s %10s %10s %10s  %-12s %s%n";
        out.printf(format, "USER", "SPENT", "BUDGET", "PROJECTED", "ACTION", "WHY");
        for (Decision decision : plan.decisions()) {
            out.printf(format, decision.user(), money(decision.spent()), money(decision.budget()),
                    money(decision.projected()), decision.action(), decision.reason()
                            + decision.blockedUntil().map(until -> " (until " + WHEN.format(until.atZone(
                                    budgets.zone())) + ")").orElse(""));
        }
        if (plan.decisions().isEmpty()) {
            out.println("(no usage of the governed endpoints this period)");
        }
        for (GroupFigures group : plan.groups()) {
            out.println("group " + group.group() + " (" + group.members() + " members): spent " + money(group.spent())
                    + " of " + money(group.budget()) + ", projected " + money(group.projected())
                    + (group.over() ? ": past its shared budget, every member is blocked" : ""));
        }
    }

    static String money(BigDecimal amount) {
        return amount == null ? "-" : amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
