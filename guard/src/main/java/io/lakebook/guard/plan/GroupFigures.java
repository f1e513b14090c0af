package io.lakebook.guard.plan;

import java.math.BigDecimal;

/**
 * A group's shared budget and what its members spent together.
 *
 * @param over    projected past the shared budget: every member is to be blocked
 * @param holding a block of the members stays: spent past the budget, or projected above it less the unblock margin
 */
public record GroupFigures(String group, int members, BigDecimal spent, BigDecimal budget, BigDecimal projected,
                           boolean over, boolean holding) {
}
