package io.lakebook.core.sql;

/**
 * How much of a result to bring back, and whether the statement may write.
 *
 * @param maxRows     rows kept at most; the warehouse is asked for one more, to know whether there were more
 * @param maxChars    characters of values kept at most (all values together), so one wide row cannot flood a reader
 * @param allowWrites false to refuse, before sending, any statement that is not known to only read
 */
public record SqlLimits(int maxRows, int maxChars, boolean allowWrites) {

    public static final int DEFAULT_ROWS = 100;
    public static final int DEFAULT_CHARS = 40_000;

    public SqlLimits {
        if (maxRows < 1 || maxChars < 1) {
            throw new IllegalArgumentException("maxRows and maxChars must be positive, got " + maxRows + " and "
                    + maxChars);
        }
    }

    public static SqlLimits readOnly() {
        return new SqlLimits(DEFAULT_ROWS, DEFAULT_CHARS, false);
    }
}
