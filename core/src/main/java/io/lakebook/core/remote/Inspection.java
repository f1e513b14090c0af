package io.lakebook.core.remote;

import java.util.Optional;

/**
 * What the object under the cursor is, as shift-tab shows it: its type, signature and documentation as plain text.
 */
public record Inspection(Optional<String> text) {
    public static final Inspection NOT_FOUND = new Inspection(Optional.empty());
}
