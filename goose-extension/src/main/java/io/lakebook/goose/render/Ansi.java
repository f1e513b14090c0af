package io.lakebook.goose.render;

import java.util.regex.Pattern;

/** Removes terminal colour and cursor codes, which tracebacks carry and which only cost a model tokens. */
public final class Ansi {

    private static final Pattern CODES = Pattern.compile("\u001B(?:\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001B]*"
            + "(?:\u0007|\u001B\\\\)|[@-Z\\\\-_])");

    private Ansi() {
    }

    public static String strip(String text) {
        return text.indexOf('\u001B') < 0 ? text : CODES.matcher(text).replaceAll("");
    }
}
