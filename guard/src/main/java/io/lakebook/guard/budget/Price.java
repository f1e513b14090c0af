package io.lakebook.guard.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one million tokens of a model cost from {@code validFrom} on, in the budget's currency.
 *
 * @param line the line of the budgets file it was read from, for messages
 */
public record Price(String model, Instant validFrom, BigDecimal inputPerMillion, BigDecimal outputPerMillion,
                    int line) {
}
