package io.lakebook.guard.budget;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A workspace group's budgets (LiteLLM's team budget and team-member budget, gateway-budgets §2.1).
 *
 * @param shared       what the members together may spend in a period; when they would pass it, every member is
 *                     blocked
 * @param memberBudget each member's own budget, in place of the default; a user in several groups gets the largest
 */
public record GroupBudget(String name, Optional<BigDecimal> shared, Optional<BigDecimal> memberBudget) {
}
