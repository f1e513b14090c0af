package io.lakebook.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Databricks (Spark) SQL into tokens, the way the server reads it: {@code --} and nested {@code /* *}{@code /}
 * comments are dropped, {@code 'single'} and {@code "double"} quoted text is a string (with backslash escapes, and
 * raw {@code r'...'} strings without), {@code `backticks`} quote identifiers. Only what classification needs is kept:
 * no token of a string or a quoted name can ever be taken for a keyword.
 */
final class SqlLexer {

    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, OPEN, CLOSE, SEMICOLON, SYMBOL }

    /** One token; {@code text} is upper-cased for words, raw otherwise; {@code line} is 1-based. */
    record Token(Kind kind, String text, int line) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equals(word);
        }
    }

    private final String sql;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    /**
     * The tokens of {@code sql}.
     *
     * @throws SqlRefusedException when a string, quoted name or comment is never closed: what follows it cannot be
     *                             read, so nothing can be said about it
     */
    static List<Token> tokens(String sql) {
        SqlLexer lexer = new SqlLexer(sql);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else {
                token(c);
            }
        }
    }

    private void token(char c) {
        int startLine = line;
        if (c == '\'' || c == '"') {
            tokens.add(new Token(Kind.STRING, quoted(c, true), startLine));
        } else if (c == '`') {
            tokens.add(new Token(Kind.QUOTED_NAME, quoted('`', false), startLine));
        } else if ((c == 'r' || c == 'R') && (peek(1) == '\'' || peek(1) == '"')) {
            pos++;
            tokens.add(new Token(Kind.STRING, quoted(sql.charAt(pos), false), startLine));
        } else if (Character.isLetter(c) || c == '_') {
            tokens.add(new Token(Kind.WORD, word().toUpperCase(java.util.Locale.ROOT), startLine));
        } else if (Character.isDigit(c)) {
            tokens.add(new Token(Kind.NUMBER, word(), startLine));
        } else {
            pos++;
            Kind kind = c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : c == ';' ? Kind.SEMICOLON : Kind.SYMBOL;
            tokens.add(new Token(kind, String.valueOf(c), startLine));
        }
    }

    private String word() {
        int start = pos;
        while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_'
                || sql.charAt(pos) == '.' && start < pos && Character.isDigit(sql.charAt(start)))) {
            pos++;
        }
        return sql.substring(start, pos);
    }

    /** Reads a quoted run from the opening quote; a doubled quote stands for one, as Spark also reads it. */
    private String quoted(char quote, boolean escapes) {
        int startLine = line;
        StringBuilder text = new StringBuilder();
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos++);
            if (c == '\n') {
                line++;
            }
            if (escapes && c == '\\' && pos < sql.length()) {
                text.append(sql.charAt(pos++));
            } else if (c == quote && peek(0) == quote) {
                text.append(quote);
                pos++;
            } else if (c == quote) {
                return text.toString();
            } else {
                text.append(c);
            }
        }
        String what = quote == '`' ? "quoted name (`)" : "string (" + quote + ")";
        throw new SqlRefusedException("The query has a " + what + " opened on line " + startLine + " that is never "
                + "closed, so lakebook cannot tell what the query does. Close it and send the query again.");
    }

    private void skipLineComment() {
        while (pos < sql.length() && sql.charAt(pos) != '\n') {
            pos++;
        }
    }

    /** Spark nests bracketed comments: {@code /* a /* b *}{@code / c *}{@code /} is one comment. */
    private void skipBlockComment() {
        int startLine = line;
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '/' && peek(1) == '*') {
                depth++;
                pos += 2;
            } else if (sql.charAt(pos) == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                line += sql.charAt(pos) == '\n' ? 1 : 0;
                pos++;
            }
        }
        throw new SqlRefusedException("The query has a comment (/*) opened on line " + startLine + " that is never "
                + "closed, so lakebook cannot tell what the query does. Close it with */ and send the query again.");
    }

    private char peek(int ahead) {
        return pos + ahead < sql.length() ? sql.charAt(pos + ahead) : '\0';
    }
}
