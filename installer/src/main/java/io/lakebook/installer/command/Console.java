package io.lakebook.installer.command;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command talks to: its output streams, the environment and the working directory, passed in so that tests
 * run commands in-process without touching the real ones; and the keyboard, with whether a person sits at a
 * terminal ({@code terminal}), so that a command asks questions only where someone can answer them.
 */
public record Console(PrintStream out, PrintStream err, Map<String, String> env, Path workingDirectory,
                      InputStream in, boolean terminal) {

    /** A console without a keyboard, as under a script or in CI: nothing is asked. */
    public Console(PrintStream out, PrintStream err, Map<String, String> env, Path workingDirectory) {
        this(out, err, env, workingDirectory, InputStream.nullInputStream(), false);
    }

    public static Console system() {
        // System.console() is null unless both standard input and output are a terminal.
        return new Console(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(), System.in,
                System.console() != null);
    }
}
