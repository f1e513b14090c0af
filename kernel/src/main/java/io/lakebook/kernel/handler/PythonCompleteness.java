package io.lakebook.kernel.handler;

import io.lakebook.kernel.wire.shell.ShellIsCompleteReply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Decides, without a Python parser, whether a console should run the code or wait for more lines: open brackets, a
 * trailing colon or backslash, an unterminated triple-quoted string or an indented last line mean "incomplete"; a
 * closing bracket without its opener or a single-quoted string broken by a newline means "invalid".
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#code-completeness
 */
final class PythonCompleteness {
    private static final String INDENT = "    ";
    private static final Set<String> BLOCK_ENDERS = Set.of("return", "pass", "break", "continue", "raise");

    private PythonCompleteness() {
    }

    static ShellIsCompleteReply check(String code) {
        if (code.isBlank()) {
            return ShellIsCompleteReply.complete();
        }
        Scan scan = Scan.of(code);
        if (scan.invalid) {
            return ShellIsCompleteReply.invalid();
        }
        String last = lastCodeLine(scan.skeleton.toString().lines().toList());
        String indent = leadingWhitespace(last);
        if (scan.openString || !scan.brackets.isEmpty()) {
            return ShellIsCompleteReply.incomplete(scan.openString ? "" : indent + INDENT);
        }
        if (last.stripTrailing().endsWith("\\")) {
            return ShellIsCompleteReply.incomplete(indent);
        }
        if (last.stripTrailing().endsWith(":")) {
            return ShellIsCompleteReply.incomplete(indent + INDENT);
        }
        String statement = scan.lastStatement();
        String statementIndent = leadingWhitespace(statement);
        if (code.endsWith("\n") || statementIndent.isEmpty()) {
            return ShellIsCompleteReply.complete();
        }
        // An indented last statement is inside a block, which a console ends with an empty line.
        return ShellIsCompleteReply.incomplete(endsBlock(statement) ? dedent(statementIndent) : statementIndent);
    }

    private static String lastCodeLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i);
            }
        }
        return "";
    }

    private static String leadingWhitespace(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    private static boolean endsBlock(String line) {
        String first = line.strip().split("[\\s(]", 2)[0];
        return BLOCK_ENDERS.contains(first);
    }

    private static String dedent(String indent) {
        return indent.length() >= INDENT.length() ? indent.substring(INDENT.length()) : "";
    }

    /**
     * One pass over the code that tracks brackets and strings and keeps a skeleton: the code with comments removed
     * and string contents blanked, so that a colon or backslash inside them does not count.
     */
    private static final class Scan {
        final Deque<Character> brackets = new ArrayDeque<>();
        final StringBuilder skeleton = new StringBuilder();
        /** Where each statement (logical line) starts in the skeleton; continuation lines start none. */
        final List<Integer> statementStarts = new ArrayList<>(List.of(0));
        boolean invalid;
        boolean openString;

        static Scan of(String code) {
            Scan scan = new Scan();
            scan.run(code);
            return scan;
        }

        private void run(String code) {
            int i = 0;
            while (i < code.length() && !invalid) {
                char c = code.charAt(i);
                if (c == '#') {
                    i = skipComment(code, i);
                } else if (c == '\'' || c == '"') {
                    i = skipString(code, i);
                } else {
                    bracket(c);
                    boolean continued = skeleton.length() > 0 && skeleton.charAt(skeleton.length() - 1) == '\\';
                    skeleton.append(c);
                    if (c == '\n' && brackets.isEmpty() && !continued) {
                        statementStarts.add(skeleton.length());
                    }
                    i++;
                }
            }
        }

        /** The first line of the last statement that is not blank. */
        String lastStatement() {
            String text = skeleton.toString();
            for (int k = statementStarts.size() - 1; k >= 0; k--) {
                String statement = text.substring(statementStarts.get(k));
                if (!statement.isBlank()) {
                    return statement.lines().findFirst().orElse("");
                }
            }
            return "";
        }

        private void bracket(char c) {
            if ("([{".indexOf(c) >= 0) {
                brackets.push(c);
            } else if (")]}".indexOf(c) >= 0) {
                char opener = "([{".charAt(")]}".indexOf(c));
                invalid = brackets.isEmpty() || brackets.pop() != opener;
            }
        }

        private int skipComment(String code, int from) {
            int end = code.indexOf('\n', from);
            return end < 0 ? code.length() : end;
        }

        /** Returns the index after the string; marks it open or invalid when it does not close. */
        private int skipString(String code, int from) {
            char quote = code.charAt(from);
            boolean triple = code.startsWith(String.valueOf(quote).repeat(3), from);
            int i = from + (triple ? 3 : 1);
            skeleton.append("''");
            while (i < code.length()) {
                char c = code.charAt(i);
                if (c == '\\') {
                    i += 2;
                } else if (triple && code.startsWith(String.valueOf(quote).repeat(3), i)) {
                    return i + 3;
                } else if (!triple && c == quote) {
                    return i + 1;
                } else if (!triple && c == '\n') {
                    invalid = true;
                    return i;
                } else {
                    i++;
                }
            }
            // A single-quoted string may go on to the next line only after a backslash.
            openString = triple || code.endsWith("\\");
            invalid = !openString;
            return i;
        }
    }
}
