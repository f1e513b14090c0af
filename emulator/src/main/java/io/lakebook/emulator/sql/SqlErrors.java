package io.lakebook.emulator.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewords the engine's error messages as Spark's error classes with their SQLSTATE, the shape Databricks puts in
 * {@code status.error.message} and {@code status.sql_state} (reference §6.2, the wording is ⚠: Spark's error-classes
 * catalogue, not a captured workspace answer). Messages the table below does not know keep the engine's text under
 * lakebook's own class {@code SQL_ERROR} ⚠ so nothing is hidden from the user.
 *
 * <p>A name in a catalog that does not exist is {@code NO_SUCH_CATALOG_EXCEPTION} (SQLSTATE 42704), whatever the
 * engine calls it: Databricks documents that class for an unknown catalog
 * (docs.databricks.com/sql/language-manual/sql-ref-syntax-ddl-use-catalog.html), and its statements answer a table
 * in an unknown catalog with the same class and the wording below.
 */
final class SqlErrors {
    private record Rule(Pattern pattern, BiFunction<Matcher, String, SqlFailure> failure) {
    }

    private static final List<Rule> RULES = List.of(
            rule("Table with name \"?([^\" ]+)\"? does not exist", (m, sql) -> new SqlFailure(
                    "TABLE_OR_VIEW_NOT_FOUND", "42P01", "The table or view " + asWritten(m.group(1), sql)
                    + " cannot be found. Verify the spelling and correctness of the schema and catalog.")),
            rule("Catalog with name \"?([^\" !]+)\"? does not exist", (m, sql) -> noSuchCatalog(m.group(1))),
            rule("Schema with name \"?([^\" !]+)\"? does not exist", (m, sql) -> new SqlFailure("SCHEMA_NOT_FOUND",
                    "42704", "The schema " + asWritten(m.group(1), sql) + " cannot be found. Verify the spelling and "
                    + "correctness of the schema and catalog.")),
            rule("SET schema: No catalog \\+ schema named \"?([^\"]+)\"? found", (m, sql) -> new SqlFailure(
                    "SCHEMA_NOT_FOUND", "42704", "The schema " + asWritten(m.group(1), sql) + " cannot be found. "
                    + "Verify the spelling and correctness of the schema and catalog.")),
            rule("Referenced column \"([^\"]+)\" not found[^\\n]*(?:\\nCandidate bindings: ([^\\n]*))?", (m, sql) ->
                    new SqlFailure("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703", "A column, variable, or function "
                            + "parameter with name `" + m.group(1) + "` cannot be resolved. Did you mean one of the "
                            + "following? [" + candidates(m.group(2)) + "].")),
            rule("Function with name \"?(\\w+)\"? does not exist", (m, sql) -> new SqlFailure("UNRESOLVED_ROUTINE",
                    "42883", "Cannot resolve routine `" + m.group(1) + "` on search path [`system`.`builtin`, "
                    + "`system`.`session`].")),
            rule("Parser Error: syntax error at or near \"([^\"]*)\"", (m, sql) -> new SqlFailure(
                    "PARSE_SYNTAX_ERROR", "42601", "Syntax error at or near '" + m.group(1) + "'.")),
            rule("Parser Error: syntax error at end of input", (m, sql) -> new SqlFailure("PARSE_SYNTAX_ERROR",
                    "42601", "Syntax error at or near end of input.")),
            rule("Table with name \"?([^\" ]+)\"? already exists", (m, sql) -> new SqlFailure(
                    "TABLE_OR_VIEW_ALREADY_EXISTS", "42P07", "Cannot create table or view " + asWritten(m.group(1),
                    sql) + " because it already exists.")),
            rule("Conversion Error: ([^\\n]*)", (m, sql) -> new SqlFailure("CAST_INVALID_INPUT", "22018",
                    m.group(1) + ".")),
            rule("Out of Range Error: ([^\\n]*)", (m, sql) -> new SqlFailure("ARITHMETIC_OVERFLOW", "22003",
                    m.group(1) + ".")));

    private SqlErrors() {
    }

    /**
     * The failure Databricks would report for {@code sparkSql}, from the engine's {@code error}; {@code catalogExists}
     * tells which catalogs the workspace has.
     */
    static SqlFailure reword(SQLException error, String sparkSql, Predicate<String> catalogExists) {
        String message = Catalogs.fromEngine(error.getMessage() == null ? error.toString() : error.getMessage());
        if (message.startsWith("Catalog Error")) {
            Optional<String> unknown = SqlText.objectNames(sparkSql).stream().map(SqlText.ObjectName::catalog)
                    .flatMap(Optional::stream).filter(catalog -> !catalogExists.test(catalog)).findFirst();
            if (unknown.isPresent()) {
                return noSuchCatalog(unknown.get());
            }
        }
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern.matcher(message);
            if (matcher.find()) {
                return rule.failure.apply(matcher, sparkSql);
            }
        }
        return new SqlFailure("SQL_ERROR", "42000", firstLine(message));
    }

    /** The name as the statement wrote it, qualified parts and all, in Spark's backquoted form. */
    private static String asWritten(String name, String sql) {
        String last = name.substring(name.lastIndexOf('.') + 1);
        // A whole name only: the table t is not the last letter of SELECT.
        Matcher written = Pattern.compile("(?<![\\w.`])((?:[\\w`]+\\.){0,2}`?" + Pattern.quote(last)
                + "`?)(?![\\w.])", Pattern.CASE_INSENSITIVE).matcher(sql);
        String chosen = written.find() ? written.group(1) : name;
        StringBuilder quoted = new StringBuilder();
        for (String part : chosen.replace("`", "").split("\\.")) {
            quoted.append(quoted.length() == 0 ? "" : ".").append('`').append(part).append('`');
        }
        return quoted.toString();
    }

    private static String candidates(String bindings) {
        if (bindings == null || bindings.isBlank()) {
            return "";
        }
        return bindings.replace("\"", "`").trim();
    }

    /** The answer to a catalog that does not exist, worded as Databricks words it (see the class comment). */
    static SqlFailure noSuchCatalog(String catalog) {
        return new SqlFailure("NO_SUCH_CATALOG_EXCEPTION", "42704", "Catalog '" + catalog + "' was not found. Please "
                + "verify the catalog name and then retry the query or command again.");
    }

    private static String firstLine(String message) {
        String line = message.split("\n", 2)[0].trim();
        return line.endsWith("!") ? line.substring(0, line.length() - 1) + "." : line;
    }

    private static Rule rule(String regex, BiFunction<Matcher, String, SqlFailure> failure) {
        return new Rule(Pattern.compile(regex), failure);
    }
}
