package io.lakebook.guard.workspace;

import java.math.BigDecimal;

/**
 * One line of the append-only audit table: who acted, on whom, why, with which figures, and what came of it.
 *
 * @param user     the user decided about; null for an endpoint-wide event
 * @param endpoint the endpoint concerned; null for a user decision
 */
public record AuditRow(String user, String endpoint, String action, String reason, BigDecimal spent,
                       BigDecimal budget, BigDecimal projected, String result) {
}
