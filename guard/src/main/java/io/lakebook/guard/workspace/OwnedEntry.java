package io.lakebook.guard.workspace;

/**
 * A rate-limit entry the guard placed on an endpoint. The AI Gateway has no labels, so this record in the guard's
 * own table is the only mark of ownership (gateway-budgets §4.1).
 *
 * @param key       {@code user} or {@code user_group}
 * @param principal the user's e-mail (lower case) or the group's name
 * @param placed    false while the PUT that adds it has not been confirmed
 */
public record OwnedEntry(String endpoint, String key, String principal, boolean placed) {
}
