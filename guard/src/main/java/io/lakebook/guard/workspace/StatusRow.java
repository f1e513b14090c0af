package io.lakebook.guard.workspace;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One user's row of the guard's status table: the figures of the last change and the block in place, what
 * {@code lakebook guard status} shows and what the next run starts from.
 *
 * @param warnedPeriodStart the period in which the soft warning was last given
 * @param currency          the budget's currency, so that {@code status} shows amounts without the budgets file
 * @param timeZone          the budget's time zone, in which {@code status} shows times
 */
public record StatusRow(String user, Instant periodStart, BigDecimal spent, BigDecimal budget, String action,
                        String reason, Instant blockedSince, Instant blockedUntil, BigDecimal blockBudget,
                        Instant warnedPeriodStart, Instant updatedAt, String currency, String timeZone) {

    /** Whether the two rows say the same, apart from when they were written. */
    public boolean sameAs(StatusRow other) {
        return other != null && user.equals(other.user) && Objects.equals(periodStart, other.periodStart)
                && same(spent, other.spent) && same(budget, other.budget) && action.equals(other.action)
                && Objects.equals(blockedSince, other.blockedSince) && Objects.equals(blockedUntil, other.blockedUntil)
                && same(blockBudget, other.blockBudget) && Objects.equals(warnedPeriodStart, other.warnedPeriodStart)
                && Objects.equals(currency, other.currency) && Objects.equals(timeZone, other.timeZone);
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
