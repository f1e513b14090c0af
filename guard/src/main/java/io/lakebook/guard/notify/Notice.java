package io.lakebook.guard.notify;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One event worth telling someone about: a user past the soft-warning share, blocked, or unblocked.
 *
 * @param key          identifies the event, so it is told once: kind, user and the period or block it belongs to
 * @param blockedUntil for a block, when it ends
 */
public record Notice(String key, String event, String user, BigDecimal spent, BigDecimal budget,
                     BigDecimal projected, String currency, String reason, Instant periodStart, Instant blockedUntil) {
}
