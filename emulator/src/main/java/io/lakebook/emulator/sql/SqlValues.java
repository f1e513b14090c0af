package io.lakebook.emulator.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lakebook.emulator.http.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values as they leave the engine. {@link #plain} turns JDBC objects into plain Java values (numbers, strings,
 * booleans, {@link java.time.LocalDate}, {@link LocalDateTime} in UTC, byte arrays, lists and maps); {@link #text}
 * writes a value the way {@code data_array} carries it, always a string (reference §6.2).
 */
public final class SqlValues {
    /** ⚠ reference §6.2 does not pin the timestamp format of JSON_ARRAY; ISO 8601 in UTC with milliseconds. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private SqlValues() {
    }

    static Object plain(Object value) throws SQLException {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof Struct struct) {
            return structMap(struct);
        }
        if (value instanceof Array array) {
            List<Object> items = new ArrayList<>();
            for (Object item : (Object[]) array.getArray()) {
                items.add(plain(item));
            }
            return items;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(plain(entry.getKey()), plain(entry.getValue()));
            }
            return copy;
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        return value;
    }

    /** A value as a {@code data_array} cell: a string, or null for SQL NULL. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof LocalDateTime timestamp) {
            return TIMESTAMP.format(timestamp);
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return jsonText(json(value));
        }
        return value.toString();
    }

    /**
     * A value for JSON with its type kept: numbers and booleans as they are, decimals as strings (exact), dates and
     * timestamps as ISO strings, nested values as lists and objects.
     */
    public static Object json(Object value) {
        if (value == null || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())
                || value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            return value.toString();
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return text(value);
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SqlValues::json).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), json(item)));
            return copy;
        }
        return text(value);
    }

    private static Map<String, Object> structMap(Struct struct) throws SQLException {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (struct instanceof org.duckdb.DuckDBStruct duck) {
            for (Map.Entry<String, Object> entry : duck.getMap().entrySet()) {
                fields.put(entry.getKey(), plain(entry.getValue()));
            }
            return fields;
        }
        Object[] attributes = struct.getAttributes();
        for (int i = 0; i < attributes.length; i++) {
            fields.put("_" + (i + 1), plain(attributes[i]));
        }
        return fields;
    }

    private static String jsonText(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return Arrays.toString(new Object[] {value});
        }
    }
}
