package io.lakebook.emulator.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A column type as Databricks names it, translated from the engine's type. {@code name} is the wire enum of
 * {@code type_name} (reference §6.2, §7 ColumnInfo), {@code text} the Spark SQL spelling of {@code type_text}
 * ({@code bigint}, {@code decimal(10,2)}, {@code map<string,string>}), {@link #sparkJson()} the type inside
 * {@code type_json} and inside the schema of a 1.2 table result.
 */
public record SqlType(String name, String text, Integer precision, Integer scale, List<Field> fields,
                      SqlType element, SqlType key, SqlType value) {

    /** One field of a struct. */
    public record Field(String name, SqlType type) {
    }

    private static final Map<String, String[]> SIMPLE = simpleTypes();

    /** Translates an engine type name such as {@code INTEGER}, {@code DECIMAL(18,2)} or {@code VARCHAR[]}. */
    public static SqlType fromEngine(String engineType) {
        String type = engineType.trim();
        String upper = type.toUpperCase(Locale.ROOT);
        if (type.endsWith("]")) {
            SqlType inner = fromEngine(type.substring(0, type.lastIndexOf('[')));
            return new SqlType("ARRAY", "array<" + inner.text + ">", null, null, null, inner, null, null);
        }
        if (upper.startsWith("STRUCT(")) {
            return struct(inside(type));
        }
        if (upper.startsWith("MAP(")) {
            List<String> parts = splitTopLevel(inside(type));
            SqlType k = fromEngine(parts.get(0));
            SqlType v = fromEngine(parts.get(1));
            return new SqlType("MAP", "map<" + k.text + "," + v.text + ">", null, null, null, null, k, v);
        }
        if (upper.startsWith("DECIMAL(")) {
            List<String> parts = splitTopLevel(inside(type));
            int p = Integer.parseInt(parts.get(0).trim());
            int s = Integer.parseInt(parts.get(1).trim());
            return decimal(p, s);
        }
        String[] known = SIMPLE.get(upper);
        if (known == null) {
            // ENUM, UNION, TIME, UUID and other engine-only types reach clients as strings.
            return simple("STRING", "string");
        }
        return known.length == 2 ? simple(known[0], known[1]) : decimal(Integer.parseInt(known[2]), 0);
    }

    /** The Spark data type as JSON: a string for simple types, an object for array, map and struct. */
    public Object sparkJson() {
        switch (name) {
            case "ARRAY":
                return ordered("type", "array", "elementType", element.sparkJson(), "containsNull", true);
            case "MAP":
                return ordered("type", "map", "keyType", key.sparkJson(), "valueType", value.sparkJson(),
                        "valueContainsNull", true);
            case "STRUCT":
                List<Object> list = new ArrayList<>();
                fields.forEach(field -> list.add(field(field.name(), field.type(), true)));
                return ordered("type", "struct", "fields", list);
            default:
                return jsonName();
        }
    }

    /** A Spark {@code StructField} as JSON, the shape of {@code ColumnInfo.type_json} (reference §7 ⚠). */
    public static Map<String, Object> field(String fieldName, SqlType type, boolean nullable) {
        return ordered("name", fieldName, "type", type.sparkJson(), "nullable", nullable, "metadata", Map.of());
    }

    private String jsonName() {
        switch (name) {
            case "INT":
                return "integer";
            case "LONG":
                return "long";
            case "SHORT":
                return "short";
            case "BYTE":
                return "byte";
            default:
                return text;
        }
    }

    private static SqlType simple(String name, String text) {
        return new SqlType(name, text, null, null, null, null, null, null);
    }

    private static SqlType decimal(int p, int s) {
        return new SqlType("DECIMAL", "decimal(" + p + "," + s + ")", p, s, null, null, null, null);
    }

    private static SqlType struct(String body) {
        List<Field> fields = new ArrayList<>();
        StringBuilder text = new StringBuilder("struct<");
        for (String part : splitTopLevel(body)) {
            String trimmed = part.trim();
            int cut = nameEnd(trimmed);
            String fieldName = trimmed.substring(0, cut).replace("\"", "");
            SqlType type = fromEngine(trimmed.substring(cut));
            text.append(fields.isEmpty() ? "" : ",").append(fieldName).append(':').append(type.text);
            fields.add(new Field(fieldName, type));
        }
        return new SqlType("STRUCT", text.append('>').toString(), null, null, List.copyOf(fields), null, null, null);
    }

    private static int nameEnd(String field) {
        if (field.startsWith("\"")) {
            return field.indexOf('"', 1) + 1;
        }
        int space = field.indexOf(' ');
        return space < 0 ? field.length() : space;
    }

    private static String inside(String type) {
        return type.substring(type.indexOf('(') + 1, type.lastIndexOf(')'));
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, String[]> simpleTypes() {
        Map<String, String[]> types = new LinkedHashMap<>();
        types.put("BOOLEAN", new String[] {"BOOLEAN", "boolean"});
        types.put("TINYINT", new String[] {"BYTE", "tinyint"});
        types.put("SMALLINT", new String[] {"SHORT", "smallint"});
        types.put("UTINYINT", new String[] {"SHORT", "smallint"});
        types.put("INTEGER", new String[] {"INT", "int"});
        types.put("USMALLINT", new String[] {"INT", "int"});
        types.put("BIGINT", new String[] {"LONG", "bigint"});
        types.put("UINTEGER", new String[] {"LONG", "bigint"});
        // Spark has no 128-bit or unsigned 64-bit integer; decimal(38,0) holds every value.
        types.put("HUGEINT", new String[] {"DECIMAL", "decimal(38,0)", "38"});
        types.put("UHUGEINT", new String[] {"DECIMAL", "decimal(38,0)", "38"});
        types.put("UBIGINT", new String[] {"DECIMAL", "decimal(20,0)", "20"});
        types.put("FLOAT", new String[] {"FLOAT", "float"});
        types.put("DOUBLE", new String[] {"DOUBLE", "double"});
        types.put("VARCHAR", new String[] {"STRING", "string"});
        types.put("DATE", new String[] {"DATE", "date"});
        types.put("TIMESTAMP", new String[] {"TIMESTAMP", "timestamp"});
        types.put("TIMESTAMP WITH TIME ZONE", new String[] {"TIMESTAMP", "timestamp"});
        types.put("TIMESTAMP_S", new String[] {"TIMESTAMP", "timestamp"});
        types.put("TIMESTAMP_MS", new String[] {"TIMESTAMP", "timestamp"});
        types.put("TIMESTAMP_NS", new String[] {"TIMESTAMP", "timestamp"});
        types.put("BLOB", new String[] {"BINARY", "binary"});
        types.put("INTERVAL", new String[] {"INTERVAL", "interval"});
        types.put("\"NULL\"", new String[] {"NULL", "void"});
        types.put("NULL", new String[] {"NULL", "void"});
        return types;
    }
}
