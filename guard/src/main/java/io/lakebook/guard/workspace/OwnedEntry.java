package io.lakebook.guard.workspace;

/**
 * A rate-limit entry of the guard's on an endpoint, as its own table records it. The AI Gateway has no labels, so this
 * record is the only mark of ownership (gateway-budgets §4.1).
 *
 * @param key       {@code user}, {@code service_principal} or {@code user_group}
 * @param principal the user's e-mail or the service principal's application id (lower case), or the group's name
 * @param state     {@code adding} while the PUT that adds it is not confirmed, {@code placed} once it is, and
 *                  {@code released} once someone else changed or removed it: the guard then leaves that principal
 *                  alone on the endpoint until their block ends
 * @param note      for a released entry, what was found, for the report
 */
public record OwnedEntry(String endpoint, String key, String principal, String state, String note) {
    public static final String ADDING = "adding";
    public static final String PLACED = "placed";
    public static final String RELEASED = "released";

    /** {@code key:principal}, the way the guard names an entry. */
    public String id() {
        return key + ":" + principal;
    }

    public boolean placed() {
        return PLACED.equals(state);
    }

    public boolean released() {
        return RELEASED.equals(state);
    }
}
