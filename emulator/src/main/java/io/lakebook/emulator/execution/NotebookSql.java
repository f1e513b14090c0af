package io.lakebook.emulator.execution;

import io.lakebook.emulator.python.SqlHandler;
import io.lakebook.emulator.sql.SqlCancelled;
import io.lakebook.emulator.sql.SqlColumn;
import io.lakebook.emulator.sql.SqlEngine;
import io.lakebook.emulator.sql.SqlFailure;
import io.lakebook.emulator.sql.SqlParameter;
import io.lakebook.emulator.sql.SqlResult;
import io.lakebook.emulator.sql.SqlSession;
import io.lakebook.emulator.sql.SqlValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spark.sql} for one execution context. The context keeps one engine session, so a {@code USE} in one
 * command holds for the next, as in a Spark session. Results travel whole to Python, which is why they are capped.
 */
final class NotebookSql implements SqlHandler {
    static final int MAX_ROWS = 100_000;

    private final SqlEngine engine;
    private SqlSession session;

    NotebookSql(SqlEngine engine) {
        this.engine = engine;
    }

    @Override
    public Map<String, Object> answer(String query, List<Map<String, Object>> args) {
        try {
            SqlResult result = session().run(query, parameters(args), MAX_ROWS);
            if (result.truncated()) {
                return error("SparkRuntimeException", new SqlFailure("RESULT_TOO_LARGE", "54000", "spark.sql in "
                        + "lakebook's emulator holds results in memory and stops at " + MAX_ROWS + " rows. Add a "
                        + "LIMIT or aggregate in SQL first."));
            }
            return Map.of("columns", columns(result.columns()), "rows", rows(result));
        } catch (SqlCancelled e) {
            return Map.of("error", Map.of("exception", "cancelled", "message", e.getMessage()));
        } catch (SqlFailure e) {
            return error(e.sparkException(), e);
        }
    }

    @Override
    public void cancel() {
        SqlSession current;
        synchronized (this) {
            current = session;
        }
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private synchronized SqlSession session() {
        if (session == null) {
            session = engine.session();
        }
        return session;
    }

    private static Map<String, SqlParameter> parameters(List<Map<String, Object>> args) {
        Map<String, SqlParameter> parameters = new LinkedHashMap<>();
        for (Map<String, Object> arg : args) {
            String name = String.valueOf(arg.get("name"));
            Object value = arg.get("value");
            Object type = arg.get("type");
            parameters.put(name, new SqlParameter(name, value == null ? null : value.toString(),
                    type == null ? null : type.toString()));
        }
        return parameters;
    }

    private static List<Map<String, Object>> columns(List<SqlColumn> columns) {
        List<Map<String, Object>> described = new ArrayList<>();
        for (SqlColumn column : columns) {
            described.add(Map.of("name", column.name(), "type", column.type().sparkJson(),
                    "text", column.type().text(), "kind", column.type().name()));
        }
        return described;
    }

    private static List<List<Object>> rows(SqlResult result) {
        List<List<Object>> rows = new ArrayList<>(result.rows().size());
        for (List<Object> row : result.rows()) {
            List<Object> values = new ArrayList<>(row.size());
            row.forEach(value -> values.add(SqlValues.json(value)));
            rows.add(values);
        }
        return rows;
    }

    private static Map<String, Object> error(String exception, SqlFailure failure) {
        return Map.of("error", Map.of("exception", exception, "error_class", failure.errorClass(),
                "sql_state", failure.sqlState(), "message", failure.getMessage()));
    }
}
