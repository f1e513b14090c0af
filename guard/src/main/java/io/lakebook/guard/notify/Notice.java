package io.lakebook.guard.notify;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One event worth telling someone about: a principal past the soft-warning share, blocked, or unblocked.
 *
 * @param key          identifies the event, so it is told once: kind, principal and the period or block it belongs to
 * @param zone         the budget's time zone, in which the notice gives its times
 * @param workspace    the workspace's URL
 * @param endpoints    the endpoints the event concerns
 * @param blockedUntil for a block, when it ends
 */
public record Notice(String key, String event, String user, BigDecimal spent, BigDecimal budget,
                     BigDecimal projected, String currency, String reason, Instant periodStart, Instant blockedUntil,
                     ZoneId zone, String workspace, List<String> endpoints) {

    public Notice {
        endpoints = List.copyOf(endpoints);
    }
}
