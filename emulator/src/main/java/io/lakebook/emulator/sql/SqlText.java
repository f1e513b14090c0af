package io.lakebook.emulator.sql;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Spark SQL text into the engine's dialect, token by token, leaving string literals and comments alone:
 * <ul>
 * <li>the catalogs {@code main} and {@code system} are reserved names in the engine, so they live there under other
 * names ({@link Catalogs}), and the first part of a qualified name is translated;</li>
 * <li>{@code `quoted`} identifiers become {@code "quoted"}, and {@code "text"} becomes a string literal, as Spark reads
 * it;</li>
 * <li>{@code USE CATALOG c} and {@code USE SCHEMA s} become the engine's {@code USE};</li>
 * <li>named parameter markers {@code :name} (reference §6.1) become typed positional markers;</li>
 * <li>{@code current_timestamp()} and {@code now()} read the workspace clock, which tests move, not the machine's;</li>
 * <li>{@code current_user()} is the user who sent the statement ({@link SqlSession#actAs}), read when the statement
 * runs, so a view that filters on it shows each caller their own rows;</li>
 * <li>the table function {@code range(…)} in a FROM clause yields its numbers in a column named {@code id}, as
 * Databricks documents it (docs.databricks.com/sql/language-manual/functions/range: "a table with a single column
 * id of type BIGINT"); the engine's own function names the column {@code range}.</li>
 * </ul>
 */
final class SqlText {
    private enum Kind { WORD, QUOTED, STRING, DOT, SPACE, PARAM, OTHER }

    private record Token(Kind kind, String text) {
    }

    private static final Map<String, Level> INTRODUCERS = Map.ofEntries(Map.entry("CATALOG", Level.CATALOG),
            Map.entry("SCHEMA", Level.SCHEMA), Map.entry("DATABASE", Level.SCHEMA), Map.entry("USE", Level.SCHEMA),
            Map.entry("FROM", Level.TABLE), Map.entry("JOIN", Level.TABLE), Map.entry("INTO", Level.TABLE),
            Map.entry("TABLE", Level.TABLE), Map.entry("VIEW", Level.TABLE), Map.entry("UPDATE", Level.TABLE),
            Map.entry("DESCRIBE", Level.TABLE), Map.entry("DESC", Level.TABLE), Map.entry("COLUMN", Level.TABLE));
    private static final Set<String> SKIPPED = Set.of("IF", "NOT", "EXISTS", "EXTENDED");

    /** The engine's SQL and the values for its positional markers, in order. */
    record Translation(String sql, List<Object[]> bindings) {
    }

    private SqlText() {
    }

    static Translation translate(String spark, Map<String, SqlParameter> parameters) {
        return translate(spark, parameters, Instant.now());
    }

    static Translation translate(String spark, Map<String, SqlParameter> parameters, Instant now) {
        List<Token> tokens = userReads(clockReads(rangeColumns(lex(spark)), now));
        StringBuilder out = new StringBuilder();
        List<Object[]> bindings = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            switch (token.kind) {
                case WORD, QUOTED -> out.append(identifier(tokens, i));
                case STRING -> out.append('\'').append(token.text.replace("'", "''")).append('\'');
                case PARAM -> out.append(marker(token.text, parameters, bindings));
                default -> out.append(token.text);
            }
        }
        return new Translation(out.toString(), bindings);
    }

    /** {@code current_timestamp}, {@code current_timestamp()} and {@code now()} become the clock's time, in UTC. */
    private static List<Token> clockReads(List<Token> tokens, Instant now) {
        String literal = "CAST('" + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
                .format(now.atOffset(ZoneOffset.UTC)) + "' AS TIMESTAMP)";
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean clock = token.kind == Kind.WORD && (token.text.equalsIgnoreCase("current_timestamp")
                    || token.text.equalsIgnoreCase("now")) && (i == 0 || tokens.get(i - 1).kind != Kind.DOT);
            int open = clock ? nextSolid(tokens, i + 1) : -1;
            boolean call = open >= 0 && tokens.get(open).text.equals("(");
            int close = call ? nextSolid(tokens, open + 1) : -1;
            if (!clock || call && (close < 0 || !tokens.get(close).text.equals(")"))
                    || !call && token.text.equalsIgnoreCase("now")) {
                out.add(token);
                continue;
            }
            out.add(new Token(Kind.OTHER, literal));
            i = call ? close : i;
        }
        return out;
    }

    /** {@code current_user()} (also without parentheses) becomes a read of the session's user. */
    private static List<Token> userReads(List<Token> tokens) {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean user = token.kind == Kind.WORD && token.text.equalsIgnoreCase("current_user")
                    && (i == 0 || tokens.get(i - 1).kind != Kind.DOT);
            if (!user) {
                out.add(token);
                continue;
            }
            int open = nextSolid(tokens, i + 1);
            boolean call = open >= 0 && tokens.get(open).text.equals("(");
            int close = call ? nextSolid(tokens, open + 1) : -1;
            if (call && (close < 0 || !tokens.get(close).text.equals(")"))) {
                out.add(token);
                continue;
            }
            out.add(new Token(Kind.OTHER, "getvariable('lakebook_user')"));
            i = call ? close : i;
        }
        return out;
    }

    /** {@code FROM range(5)} becomes {@code FROM (SELECT range AS id FROM range(5))}. */
    private static List<Token> rangeColumns(List<Token> tokens) {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            int open = nextSolid(tokens, i + 1);
            String before = previousSolid(tokens, i);
            boolean tableFunction = token.kind == Kind.WORD && token.text.equalsIgnoreCase("range") && open >= 0
                    && tokens.get(open).text.equals("(") && before != null
                    && (before.equalsIgnoreCase("FROM") || before.equalsIgnoreCase("JOIN") || before.equals(","));
            int close = tableFunction ? matching(tokens, open) : -1;
            if (close < 0) {
                out.add(token);
                continue;
            }
            out.add(new Token(Kind.OTHER, "(SELECT range AS id FROM "));
            out.addAll(tokens.subList(i, close + 1));
            out.add(new Token(Kind.OTHER, ")"));
            i = close;
        }
        return out;
    }

    private static int nextSolid(List<Token> tokens, int from) {
        for (int j = from; j < tokens.size(); j++) {
            if (tokens.get(j).kind != Kind.SPACE) {
                return j;
            }
        }
        return -1;
    }

    private static String previousSolid(List<Token> tokens, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (tokens.get(j).kind != Kind.SPACE) {
                return tokens.get(j).kind == Kind.WORD || tokens.get(j).kind == Kind.OTHER ? tokens.get(j).text : null;
            }
        }
        return null;
    }

    /** The index of the parenthesis that closes the one at {@code open}, or -1. */
    private static int matching(List<Token> tokens, int open) {
        int depth = 0;
        for (int j = open; j < tokens.size(); j++) {
            String text = tokens.get(j).kind == Kind.OTHER ? tokens.get(j).text : "";
            depth += text.equals("(") ? 1 : text.equals(")") ? -1 : 0;
            if (depth == 0) {
                return j;
            }
        }
        return -1;
    }

    private static String identifier(List<Token> tokens, int i) {
        Token token = tokens.get(i);
        String previous = previousWord(tokens, i);
        boolean firstOfChain = i == 0 || tokens.get(i - 1).kind != Kind.DOT;
        boolean chain = i + 2 < tokens.size() && tokens.get(i + 1).kind == Kind.DOT
                && (tokens.get(i + 2).kind == Kind.WORD || tokens.get(i + 2).kind == Kind.QUOTED);
        if (token.kind == Kind.WORD && token.text.equalsIgnoreCase("CATALOG") || token.kind == Kind.WORD
                && token.text.equalsIgnoreCase("SCHEMA") && "USE".equalsIgnoreCase(previous)) {
            // USE CATALOG c / USE SCHEMA s: the engine's USE takes the name alone.
            return "USE".equalsIgnoreCase(previous) ? "" : token.text;
        }
        String name = token.text;
        if (firstOfChain && (chain || "CATALOG".equalsIgnoreCase(previous))) {
            name = Catalogs.toEngine(name);
        }
        boolean renamed = !name.equals(token.text);
        return token.kind == Kind.QUOTED || renamed ? '"' + name.replace("\"", "\"\"") + '"' : name;
    }

    private static String previousWord(List<Token> tokens, int i) {
        for (int j = i - 1; j >= 0; j--) {
            Token token = tokens.get(j);
            if (token.kind == Kind.WORD) {
                return token.text;
            }
            if (token.kind != Kind.SPACE) {
                return null;
            }
        }
        return null;
    }

    private static String marker(String name, Map<String, SqlParameter> parameters, List<Object[]> bindings) {
        SqlParameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new SqlFailure("UNBOUND_SQL_PARAMETER", "42P02", "Found the unbound parameter: " + name
                    + ". Please, fix `args` and provide a mapping of the parameter to either a SQL literal or "
                    + "collection constructor functions such as `map()`, `array()`, `struct()`.");
        }
        String engineType = engineType(parameter);
        bindings.add(new Object[] {parameter.value()});
        return "CAST(? AS " + engineType + ")";
    }

    /** Spark type names a parameter may carry (reference §6.1: no type means STRING) in the engine's spelling. */
    private static String engineType(SqlParameter parameter) {
        String type = parameter.type() == null ? "STRING" : parameter.type().trim().toUpperCase(Locale.ROOT);
        if (type.matches("DECIMAL(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?")) {
            return type;
        }
        return switch (type) {
            case "STRING", "VARCHAR", "CHAR" -> "VARCHAR";
            case "INT", "INTEGER" -> "INTEGER";
            case "BIGINT", "LONG" -> "BIGINT";
            case "SMALLINT", "SHORT" -> "SMALLINT";
            case "TINYINT", "BYTE" -> "TINYINT";
            case "DOUBLE" -> "DOUBLE";
            case "FLOAT", "REAL" -> "FLOAT";
            case "BOOLEAN" -> "BOOLEAN";
            case "DATE" -> "DATE";
            case "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ" -> "TIMESTAMP";
            case "BINARY" -> "BLOB";
            case "VOID" -> "VARCHAR";
            default -> throw new SqlFailure("INVALID_PARAMETER_MARKER_VALUE.INVALID_VALUE_FOR_DATA_TYPE", "22023",
                    "The parameter " + parameter.name() + " has the type '" + parameter.type()
                            + "', which lakebook's emulator does not know; use STRING, INT, BIGINT, DOUBLE, "
                            + "DECIMAL(p,s), BOOLEAN, DATE or TIMESTAMP.");
        };
    }

    /** What kind of object a name stands for, by the keyword before it. */
    enum Level { CATALOG, SCHEMA, TABLE }

    /**
     * A name a statement gives to a catalog, a schema or a table, its parts as written (unquoted).
     *
     * @param column true for {@code COMMENT ON COLUMN t.c}: the last part names a column of the table
     */
    record ObjectName(Level level, List<String> parts, boolean column) {
        /** The catalog part, when the name carries one; otherwise the statement means the current catalog. */
        Optional<String> catalog() {
            int tableParts = column ? parts.size() - 1 : parts.size();
            boolean qualified = level == Level.CATALOG || level == Level.SCHEMA && tableParts == 2
                    || level == Level.TABLE && tableParts == 3;
            return qualified ? Optional.of(parts.get(0)) : Optional.empty();
        }
    }

    /** The first word of the statement, upper case, past comments; empty for none. */
    static String verb(String spark) {
        return solid(lex(spark)).stream().filter(t -> t.kind == Kind.WORD).findFirst()
                .map(t -> t.text.toUpperCase(Locale.ROOT)).orElse("");
    }

    /**
     * The names that follow the keywords which introduce an object ({@code FROM}, {@code JOIN}, {@code INTO},
     * {@code TABLE}, {@code VIEW}, {@code UPDATE}, {@code DESCRIBE}, {@code SCHEMA}, {@code DATABASE}, {@code USE},
     * {@code CATALOG}, {@code COLUMN}), in the order they are written. Table functions such as {@code range(5)} and
     * subqueries are not names.
     */
    static List<ObjectName> objectNames(String spark) {
        List<Token> tokens = solid(lex(spark));
        List<ObjectName> names = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Level level = tokens.get(i).kind == Kind.WORD
                    ? INTRODUCERS.get(tokens.get(i).text.toUpperCase(Locale.ROOT)) : null;
            if (level == null) {
                continue;
            }
            int start = i + 1;
            while (start < tokens.size() && tokens.get(start).kind == Kind.WORD
                    && SKIPPED.contains(tokens.get(start).text.toUpperCase(Locale.ROOT))) {
                start++;
            }
            List<String> parts = chain(tokens, start);
            boolean introducer = start < tokens.size() && tokens.get(start).kind == Kind.WORD
                    && INTRODUCERS.containsKey(tokens.get(start).text.toUpperCase(Locale.ROOT));
            int after = start + Math.max(0, parts.size() * 2 - 1);
            boolean tableFunction = List.of("FROM", "JOIN").contains(tokens.get(i).text.toUpperCase(Locale.ROOT));
            boolean call = tableFunction && after < tokens.size() && tokens.get(after).text.equals("(");
            if (!parts.isEmpty() && !introducer && !call) {
                names.add(new ObjectName(level, parts, tokens.get(i).text.equalsIgnoreCase("COLUMN")));
            }
        }
        return names;
    }

    /** The identifiers of {@code a.b.c} starting at {@code start}; empty when no identifier is there. */
    private static List<String> chain(List<Token> tokens, int start) {
        List<String> parts = new ArrayList<>();
        int j = start;
        while (j < tokens.size() && (tokens.get(j).kind == Kind.WORD || tokens.get(j).kind == Kind.QUOTED)) {
            parts.add(tokens.get(j).text);
            if (j + 2 < tokens.size() && tokens.get(j + 1).kind == Kind.DOT) {
                j += 2;
            } else {
                break;
            }
        }
        return parts;
    }

    /** The tokens that carry meaning: no spaces, no comments. */
    private static List<Token> solid(List<Token> tokens) {
        return tokens.stream().filter(t -> t.kind != Kind.SPACE && !(t.kind == Kind.OTHER
                && (t.text.startsWith("--") || t.text.startsWith("/*")))).toList();
    }

    private static List<Token> lex(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = closing(text, i, c);
                tokens.add(new Token(Kind.STRING, unquote(text.substring(i + 1, end - 1), c)));
            } else if (c == '`') {
                end = closing(text, i, c);
                tokens.add(new Token(Kind.QUOTED, unquote(text.substring(i + 1, end - 1), c)));
            } else if (text.startsWith("--", i)) {
                end = text.indexOf('\n', i) < 0 ? text.length() : text.indexOf('\n', i);
                tokens.add(new Token(Kind.OTHER, text.substring(i, end)));
            } else if (text.startsWith("/*", i)) {
                end = text.indexOf("*/", i + 2) < 0 ? text.length() : text.indexOf("*/", i + 2) + 2;
                tokens.add(new Token(Kind.OTHER, text.substring(i, end)));
            } else if (c == ':' && isMarker(text, i)) {
                end = wordEnd(text, i + 1);
                tokens.add(new Token(Kind.PARAM, text.substring(i + 1, end)));
            } else if (c == ':' && text.startsWith("::", i)) {
                end = i + 2;
                tokens.add(new Token(Kind.OTHER, "::"));
            } else if (isWordChar(c)) {
                end = wordEnd(text, i);
                tokens.add(new Token(Kind.WORD, text.substring(i, end)));
            } else {
                end = i + 1;
                Kind kind = c == '.' ? Kind.DOT : Character.isWhitespace(c) ? Kind.SPACE : Kind.OTHER;
                tokens.add(new Token(kind, String.valueOf(c)));
            }
            i = end;
        }
        return tokens;
    }

    /** {@code :name}, but not the second colon of a {@code ::} cast nor a colon inside a word. */
    private static boolean isMarker(String text, int i) {
        boolean afterColon = i > 0 && text.charAt(i - 1) == ':';
        return !afterColon && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1))
                || !afterColon && i + 1 < text.length() && text.charAt(i + 1) == '_';
    }

    /** The index after the closing quote; a doubled quote inside is an escaped quote. */
    private static int closing(String text, int open, char quote) {
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (text.charAt(i) == '\\' && quote != '`') {
                i++;
            }
            i++;
        }
        throw new SqlFailure("PARSE_SYNTAX_ERROR", "42601", "Syntax error at or near '" + quote + "': the quoted "
                + "text that starts at position " + open + " is never closed.");
    }

    private static String unquote(String body, char quote) {
        String doubled = String.valueOf(quote) + quote;
        String result = body.replace(doubled, String.valueOf(quote));
        return quote == '`' ? result : unescape(result);
    }

    /** Backslash escapes as Spark reads them in string literals: \' is a quote, \\ a backslash, \n a newline. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            out.append(switch (next) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'b' -> '\b';
                case '0' -> '\0';
                default -> next;
            });
        }
        return out.toString();
    }

    private static int wordEnd(String text, int start) {
        int i = start;
        while (i < text.length() && isWordChar(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
