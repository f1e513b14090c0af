package io.lakebook.core.notebook;

import java.util.Locale;
import java.util.Optional;

/** The three nbformat cell types. */
public enum CellType {
    CODE, MARKDOWN, RAW;

    /** The nbformat spelling: {@code code}, {@code markdown}, {@code raw}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CellType> parse(String name) {
        for (CellType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
