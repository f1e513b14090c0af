package io.lakebook.core.remote;

import java.util.List;

/**
 * Names that may complete the code at the cursor, and the part of the code they replace.
 *
 * @param matches     candidate texts, best first
 * @param cursorStart where the replaced text starts (a code point offset, as Jupyter counts)
 * @param cursorEnd   where it ends
 */
public record Completion(List<String> matches, int cursorStart, int cursorEnd) {
    public Completion {
        matches = List.copyOf(matches);
    }

    /** Nothing to offer; the front end keeps what was typed. */
    public static Completion none(int cursor) {
        return new Completion(List.of(), cursor, cursor);
    }
}
