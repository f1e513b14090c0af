package io.lakebook.guard.workspace;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Values written into the guard's SQL and read back from results. Strings are Spark SQL literals, where a backslash
 * escapes (so quotes and backslashes are escaped with one); timestamps are written in UTC with a {@code Z}, which a
 * warehouse reads as an instant whatever its session time zone.
 */
public final class Literals {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Literals() {
    }

    public static String string(String value) {
        if (value == null) {
            return "NULL";
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    public static String timestamp(Instant value) {
        return value == null ? "CAST(NULL AS TIMESTAMP)" : "TIMESTAMP '" + UTC.format(value) + "'";
    }

    public static String decimal(BigDecimal value) {
        return value == null ? "CAST(NULL AS DECIMAL(18,6))" : "CAST(" + value.toPlainString()
                + " AS DECIMAL(18,6))";
    }

    /** A timestamp as a result carries it: ISO 8601 in UTC, with or without the {@code T} and {@code Z}. */
    public static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim().replace(' ', 'T');
        try {
            return value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$") ? OffsetDateTime.parse(value)
                    .toInstant() : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Unreadable timestamp from the warehouse: " + text, e);
        }
    }

    public static long number(String text) {
        return text == null ? 0 : new BigDecimal(text).longValue();
    }
}
