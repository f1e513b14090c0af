package io.lakebook.guard.plan;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A block the guard has in place, as its state table holds it.
 *
 * @param until  the end of the period it was placed in
 * @param budget the user's budget when it was placed: a raised budget lifts the block within the period
 */
public record BlockState(String user, Instant since, Instant until, BigDecimal budget, String reason) {
}
