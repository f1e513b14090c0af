package io.lakebook.core.sql;

import io.lakebook.core.sql.SqlLexer.Kind;
import io.lakebook.core.sql.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Says, before a query is sent, whether each of its statements only reads or may change something. It works on
 * {@link SqlLexer} tokens, so comments, strings and quoted names never count as keywords, and it follows the grammar
 * where keywords alone would mislead: the main statement after a {@code WITH} list (and each CTE body), Spark's
 * {@code FROM t INSERT ...}, {@code EXPLAIN ANALYZE} (which runs its statement on some engines), parenthesised
 * queries, and every statement of a {@code ;}-separated script.
 *
 * <p>It is an allow-list: only statements known to read are {@link Effect#READ}; any other statement, known or not,
 * is a {@link Effect#WRITE}. Functions a SELECT calls are not inspected.
 */
public final class StatementClassifier {

    /** What a statement does to the workspace. */
    public enum Effect { READ, WRITE }

    /**
     * One statement of a query.
     *
     * @param verb   its leading keywords, as the user wrote them upper-cased, e.g. {@code DROP TABLE}
     * @param effect whether it only reads
     * @param line   the line it starts on, 1-based
     */
    public record Statement(String verb, Effect effect, int line) {
        public boolean writes() {
            return effect == Effect.WRITE;
        }
    }

    private static final Set<String> READ_VERBS = Set.of("SELECT", "VALUES", "TABLE", "SHOW", "DESCRIBE", "DESC",
            "LIST", "USE", "SET");
    private static final Set<String> EXPLAIN_OPTIONS = Set.of("EXTENDED", "CODEGEN", "COST", "FORMATTED", "LOGICAL",
            "VERBOSE", "ANALYZE", "ANALYSE");

    private static final Set<String> OBJECT_WORDS = Set.of("TABLE", "VIEW", "SCHEMA", "DATABASE", "CATALOG",
            "FUNCTION", "VOLUME", "INTO", "OVERWRITE", "FROM", "OR", "TEMPORARY", "TEMP", "MATERIALIZED", "EXTERNAL",
            "TABLES", "SCHEMAS", "CATALOGS", "COLUMNS");

    private StatementClassifier() {
    }

    /**
     * The statements of {@code sql}, in order; empty statements (a stray {@code ;}, only comments) are left out.
     *
     * @throws SqlRefusedException when a string, quoted name or comment is never closed
     */
    public static List<Statement> classify(String sql) {
        List<Statement> statements = new ArrayList<>();
        for (List<Token> tokens : split(SqlLexer.tokens(sql))) {
            statements.add(new Statement(verb(tokens), effect(tokens) ? Effect.WRITE : Effect.READ,
                    tokens.get(0).line()));
        }
        return statements;
    }

    /** Splits at the semicolons outside parentheses. */
    private static List<List<Token>> split(List<Token> tokens) {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (Token token : tokens) {
            depth += token.kind() == Kind.OPEN ? 1 : token.kind() == Kind.CLOSE ? -1 : 0;
            if (token.kind() == Kind.SEMICOLON && depth <= 0) {
                addIfNotEmpty(statements, current);
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        addIfNotEmpty(statements, current);
        return statements;
    }

    private static void addIfNotEmpty(List<List<Token>> statements, List<Token> statement) {
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
    }

    /** True when the statement may write. */
    private static boolean effect(List<Token> tokens) {
        int start = 0;
        while (start < tokens.size() && tokens.get(start).kind() == Kind.OPEN) {
            start++;
        }
        if (start >= tokens.size() || tokens.get(start).kind() != Kind.WORD) {
            return true;
        }
        List<Token> rest = tokens.subList(start, tokens.size());
        return switch (rest.get(0).text()) {
            case "WITH" -> withWrites(rest);
            case "FROM" -> containsWord(rest, "INSERT");
            case "EXPLAIN" -> explainWrites(rest);
            case "SELECT", "VALUES", "TABLE" -> containsWord(rest, "INTO");
            default -> !READ_VERBS.contains(rest.get(0).text());
        };
    }

    /**
     * {@code WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (body) [, ...] main}: the main statement decides,
     * and a body that writes (some engines allow {@code DELETE ... RETURNING} there) makes the whole a write.
     */
    private static boolean withWrites(List<Token> tokens) {
        int i = tokens.size() > 1 && tokens.get(1).isWord("RECURSIVE") ? 2 : 1;
        while (i < tokens.size()) {
            int open = indexOfKind(tokens, Kind.OPEN, indexOfWord(tokens, "AS", i));
            if (open < 0) {
                return true;
            }
            int close = matching(tokens, open);
            if (close < 0 || effect(tokens.subList(open + 1, close))) {
                return true;
            }
            i = close + 1;
            if (i >= tokens.size() || !tokens.get(i).text().equals(",")) {
                break;
            }
            i++;
        }
        return i >= tokens.size() || effect(tokens.subList(i, tokens.size()));
    }

    private static boolean explainWrites(List<Token> tokens) {
        int i = 1;
        boolean analyze = false;
        while (i < tokens.size() && tokens.get(i).kind() == Kind.WORD
                && EXPLAIN_OPTIONS.contains(tokens.get(i).text())) {
            analyze |= tokens.get(i).text().startsWith("ANALY");
            i++;
        }
        // Spark's EXPLAIN only plans; EXPLAIN ANALYZE runs the statement on the engines that have it.
        return analyze && (i >= tokens.size() || effect(tokens.subList(i, tokens.size())));
    }

    private static boolean containsWord(List<Token> tokens, String word) {
        return tokens.stream().anyMatch(token -> token.isWord(word));
    }

    private static int indexOfWord(List<Token> tokens, String word, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).isWord(word)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfKind(List<Token> tokens, Kind kind, int from) {
        if (from < 0) {
            return -1;
        }
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    private static int matching(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            depth += tokens.get(i).kind() == Kind.OPEN ? 1 : tokens.get(i).kind() == Kind.CLOSE ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The leading keyword, with the next when it names what is acted on: {@code DROP TABLE}, {@code SELECT}. */
    private static String verb(List<Token> tokens) {
        List<Token> words = tokens.stream().dropWhile(token -> token.kind() == Kind.OPEN).limit(2).toList();
        if (words.isEmpty() || words.get(0).kind() != Kind.WORD) {
            return tokens.get(0).text();
        }
        boolean second = words.size() == 2 && words.get(1).kind() == Kind.WORD
                && OBJECT_WORDS.contains(words.get(1).text());
        return second ? words.get(0).text() + " " + words.get(1).text() : words.get(0).text();
    }
}
