package io.lakebook.guard.plan;

import io.lakebook.guard.budget.Budgets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a plan is made from, read before planning so that planning itself does no I/O.
 *
 * @param lag          the measured data lag, or {@code budgets.defaultLag()} when {@code lagMeasured} is false
 * @param groupMembers the members (lower-case user names) of each group the budgets name
 * @param blocks       the guard's blocks in place, by user
 * @param warned       users already warned this period
 */
public record PlanInput(Budgets budgets, UsageWindow window, Duration lag, boolean lagMeasured, List<UsageRow> usage,
                        Map<String, Set<String>> groupMembers, Map<String, BlockState> blocks, Set<String> warned) {
}
