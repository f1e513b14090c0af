package io.lakebook.installer.workspace;

/**
 * Something in the workspace the user can pick: a cluster, a SQL warehouse or a model endpoint.
 *
 * @param id    what goes into the configuration (a cluster or warehouse id, an endpoint name)
 * @param name  what the workspace shows
 * @param state the state as the workspace reports it ({@code RUNNING}, {@code TERMINATED}, {@code READY}, ...)
 * @param note  what else helps to choose, may be empty
 */
public record Candidate(String id, String name, String state, String note) {

    public boolean isRunning() {
        return state.equals("RUNNING") || state.equals("READY");
    }

    /** One line for a list: name, id (when it differs), state and note. */
    public String label() {
        StringBuilder label = new StringBuilder(name);
        if (!id.equals(name)) {
            label.append(" (").append(id).append(')');
        }
        label.append(", ").append(state);
        if (!note.isEmpty()) {
            label.append(", ").append(note);
        }
        return label.toString();
    }
}
