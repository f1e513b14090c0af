package io.lakebook.guard.plan;

/** What the guard does about a user in a run. */
public enum Action {
    /** Under budget; nothing to do. */
    OK,
    /** Past the soft-warning share for the first time this period: notify, nothing else. */
    WARN,
    /** Projected past the budget by the next run: add the block. */
    BLOCK,
    /** Already blocked and still to be: keep the block as it is. */
    STAY_BLOCKED,
    /** Blocked, and the period reset, the budget was raised or an exemption applies: remove the block. */
    UNBLOCK,
    /** Would be blocked, but an exemption applies. */
    EXEMPT;

    /** Whether the user is to be blocked once the run is applied. */
    public boolean blocked() {
        return this == BLOCK || this == STAY_BLOCKED;
    }

    /** Whether the action changes anything outside the guard's own status figures. */
    public boolean changes() {
        return this == BLOCK || this == UNBLOCK || this == WARN;
    }
}
