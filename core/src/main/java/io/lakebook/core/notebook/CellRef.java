package io.lakebook.core.notebook;

import java.util.Optional;

/**
 * How a caller names a cell: by its stable id, or by its 0-based position as a fallback. An id wins when both are
 * given, since positions shift when cells are inserted or deleted.
 */
public record CellRef(Optional<String> id, Optional<Integer> index) {

    public static CellRef id(String id) {
        return new CellRef(Optional.of(id), Optional.empty());
    }

    public static CellRef index(int index) {
        return new CellRef(Optional.empty(), Optional.of(index));
    }

    /** For messages: {@code cell 'a1b2'} or {@code cell at index 3}. */
    public String describe() {
        return id.map(i -> "cell '" + i + "'").orElseGet(() -> "cell at index " + index.orElse(-1));
    }
}
