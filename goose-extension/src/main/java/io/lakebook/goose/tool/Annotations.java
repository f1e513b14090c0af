package io.lakebook.goose.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The four MCP tool hints, always all set: clients apply surprising defaults (destructive and open-world are true when
 * absent).
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/server/tools">tools</a>
 */
public record Annotations(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {

    /** Reads local files only. */
    public static final Annotations READ_LOCAL = new Annotations(true, false, true, false);
    /** Reads from the workspace. */
    public static final Annotations READ_REMOTE = new Annotations(true, false, true, true);
    /** Changes a notebook on disk without losing anything that could not be recreated. */
    public static final Annotations EDIT = new Annotations(false, false, false, false);
    /** Changes a notebook on disk and removes something (a cell, outputs). */
    public static final Annotations REMOVE = new Annotations(false, true, false, false);
    /** Runs code or acts on the workspace. */
    public static final Annotations RUN = new Annotations(false, true, false, true);

    ObjectNode toJson(String title) {
        return JsonNodeFactory.instance.objectNode().put("title", title).put("readOnlyHint", readOnly)
                .put("destructiveHint", destructive).put("idempotentHint", idempotent)
                .put("openWorldHint", openWorld);
    }
}
