package io.lakebook.guard.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * The guard's decision about one user, with the figures behind it.
 *
 * @param spent        spend this period so far, from the usage read
 * @param budget       the budget that applies to the user
 * @param budgetSource where that budget comes from: {@code default}, {@code user}, {@code group NAME}
 * @param projected    spend expected by the next run: spent plus the burn rate over the interval and the data lag
 * @param reason       why, in a sentence, for the plan, the audit table and the notification
 * @param blockedUntil when the block ends (the period's end), for blocked users
 */
public record Decision(String user, BigDecimal spent, BigDecimal budget, String budgetSource, BigDecimal projected,
                       Action action, String reason, Optional<Instant> blockedUntil) {
}
