package io.lakebook.emulator.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Databricks refuses before a statement reaches the data, and the table properties the engine has no notion of:
 * <ul>
 * <li>the {@code system} catalog is Databricks' own: users read its tables and never write them ({@link SystemCatalog});
 * the emulator's own model calls still add usage rows, as serving does;</li>
 * <li>{@code CREATE TABLE … TBLPROPERTIES (…)} and {@code ALTER TABLE … SET TBLPROPERTIES (…)} keep a table's
 * properties, {@code SHOW TBLPROPERTIES} lists them;</li>
 * <li>on a table with {@code delta.appendOnly = true} "existing records cannot be deleted, and existing values cannot
 * be updated" (docs.databricks.com/delta/table-properties): UPDATE, DELETE, TRUNCATE and a MERGE with a WHEN MATCHED
 * clause fail with Delta's {@code DELTA_CANNOT_MODIFY_APPEND_ONLY} (SQLSTATE 42809, the class and wording of Delta
 * Lake's {@code DeltaErrors.modifyAppendOnlyTableException}); INSERT and an insert-only MERGE work.</li>
 * </ul>
 * Thread-safe; one per engine.
 */
final class TableRules {
    private static final String NAME = "((?:`[^`]+`|[\\w$]+)(?:\\s*\\.\\s*(?:`[^`]+`|[\\w$]+)){0,2})";
    private static final Pattern CREATE = Pattern.compile("(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?"
            + "(?:TABLE|VIEW|SCHEMA|DATABASE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME);
    private static final Pattern PROPERTIES = Pattern.compile("(?is)\\s*TBLPROPERTIES\\s*\\(([^)]*)\\)");
    private static final Pattern PAIR = Pattern.compile("'([^']*)'\\s*=\\s*(?:'([^']*)'|([\\w.]+))");
    private static final Pattern ALTER_SET = Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\s+" + NAME
            + "\\s+SET\\s+TBLPROPERTIES\\s*\\(([^)]*)\\)\\s*;?\\s*$");
    private static final Pattern SHOW = Pattern.compile("(?is)^\\s*SHOW\\s+TBLPROPERTIES\\s+" + NAME
            + "\\s*;?\\s*$");
    private static final Pattern CHANGE = Pattern.compile("(?is)^\\s*(UPDATE|DELETE\\s+FROM|TRUNCATE\\s+TABLE|"
            + "MERGE\\s+INTO)\\s+" + NAME);
    private static final Pattern DROP = Pattern.compile("(?is)^\\s*DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + NAME);

    private final Map<String, Map<String, String>> properties = new ConcurrentHashMap<>();

    /**
     * What to run for a statement: the engine's statement, or an answer given here.
     *
     * @param created  the table whose properties to keep once the statement succeeded
     * @param dropped  the table whose properties to forget once the statement succeeded
     */
    record Prepared(String sql, Optional<SqlResult> answer, Optional<String> created, Map<String, String> props,
                    Optional<String> dropped) {
    }

    /**
     * Checks {@code sparkSql} and says what to run. {@code qualify} turns a name as written (its parts) into
     * {@code catalog.schema.table} with the session's current catalog and schema, lower case.
     */
    Prepared prepare(String sparkSql, Function<List<String>, String> qualify, Supplier<String> catalog) {
        String sql = stripComments(sparkSql);
        SystemCatalog.refuseWrites(sql, catalog);
        Matcher alter = ALTER_SET.matcher(sql);
        if (alter.matches()) {
            String table = qualify.apply(parts(alter.group(1)));
            properties.computeIfAbsent(table, key -> new LinkedHashMap<>()).putAll(pairs(alter.group(2)));
            return answer(new SqlResult(List.of(), List.of(), false));
        }
        Matcher show = SHOW.matcher(sql);
        if (show.matches()) {
            List<List<Object>> rows = new ArrayList<>();
            properties.getOrDefault(qualify.apply(parts(show.group(1))), Map.of()).forEach((key, value) ->
                    rows.add(List.of(key, value)));
            SqlType string = SqlType.fromEngine("VARCHAR");
            return answer(new SqlResult(List.of(new SqlColumn("key", string), new SqlColumn("value", string)), rows,
                    false));
        }
        refuseAppendOnlyChanges(sql, qualify);
        Matcher create = CREATE.matcher(sql);
        Matcher props = PROPERTIES.matcher(sparkSql);
        if (create.find() && props.find()) {
            String stripped = sparkSql.substring(0, props.start()) + sparkSql.substring(props.end());
            return new Prepared(stripped, Optional.empty(), Optional.of(qualify.apply(parts(create.group(1)))),
                    pairs(props.group(1)), Optional.empty());
        }
        Matcher drop = DROP.matcher(sql);
        return new Prepared(sparkSql, Optional.empty(), Optional.empty(), Map.of(), drop.find()
                ? Optional.of(qualify.apply(parts(drop.group(1)))) : Optional.empty());
    }

    /** Keeps what a statement that succeeded changed. */
    void succeeded(Prepared prepared) {
        prepared.created().ifPresent(table -> properties.put(table, new LinkedHashMap<>(prepared.props())));
        prepared.dropped().ifPresent(properties::remove);
    }

    private static Prepared answer(SqlResult result) {
        return new Prepared(null, Optional.of(result), Optional.empty(), Map.of(), Optional.empty());
    }

    private void refuseAppendOnlyChanges(String sql, Function<List<String>, String> qualify) {
        Matcher change = CHANGE.matcher(sql);
        if (!change.find()) {
            return;
        }
        boolean merge = change.group(1).toUpperCase(Locale.ROOT).startsWith("MERGE");
        if (merge && !sql.toUpperCase(Locale.ROOT).matches("(?s).*WHEN\\s+MATCHED.*")) {
            return;
        }
        String table = qualify.apply(parts(change.group(2)));
        if ("true".equalsIgnoreCase(properties.getOrDefault(table, Map.of()).get("delta.appendOnly"))) {
            throw new SqlFailure("DELTA_CANNOT_MODIFY_APPEND_ONLY", "42809", "This table is configured to only "
                    + "allow appends. If you would like to permit updates or deletes, use 'ALTER TABLE " + table
                    + " SET TBLPROPERTIES (delta.appendOnly=false)'.");
        }
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        Matcher pair = PAIR.matcher(text);
        while (pair.find()) {
            pairs.put(pair.group(1), pair.group(2) != null ? pair.group(2) : pair.group(3));
        }
        return pairs;
    }

    private static List<String> parts(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("\\s*\\.\\s*")) {
            parts.add(part.replace("`", "").toLowerCase(Locale.ROOT));
        }
        return parts;
    }

    private static String stripComments(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
    }
}
