package io.lakebook.contract;

/**
 * A check that could not run here: the target lacks what it needs, or the user may not do it.
 *
 * @see Outcome#SKIPPED
 */
public final class Skipped extends RuntimeException {
    private final boolean permission;

    private Skipped(String message, boolean permission, Throwable cause) {
        super(message, cause, false, false);
        this.permission = permission;
    }

    /** Skipped because the target offers no cluster, warehouse or the like. */
    public static Skipped because(String why) {
        return new Skipped(why, false, null);
    }

    /** Skipped because the workspace refused the signed-in user. */
    public static Skipped noPermission(String why, Throwable cause) {
        return new Skipped(why, true, cause);
    }

    public boolean permission() {
        return permission;
    }
}
