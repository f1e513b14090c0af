package io.lakebook.guard.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a run would do: one decision per user the guard has figures or a block for, the groups' shared budgets,
 * and warnings (such as usage of a model without a price, which is not counted).
 *
 * @param lag         the data lag used in projections
 * @param lagMeasured false when no usage row of the last interval showed the lag, so the file's
 *                    {@code default_lag} was assumed
 * @param warnings    usage that could not be priced, which is not counted: a failure of the run
 */
public record Plan(Instant now, Instant periodStart, Instant periodEnd, Duration lag, boolean lagMeasured,
                   List<Decision> decisions, List<GroupFigures> groups, List<String> warnings) {

    public Plan {
        decisions = List.copyOf(decisions);
        groups = List.copyOf(groups);
        warnings = List.copyOf(warnings);
    }

    /** The users to be blocked once the plan is applied, in name order. */
    public List<String> blockedUsers() {
        return decisions.stream().filter(d -> d.action().blocked()).map(Decision::user).sorted().toList();
    }
}
