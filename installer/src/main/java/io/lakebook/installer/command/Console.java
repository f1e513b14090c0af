package io.lakebook.installer.command;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command talks to: its output streams, the environment and the working directory, passed in so that tests
 * run commands in-process without touching the real ones.
 */
public record Console(PrintStream out, PrintStream err, Map<String, String> env, Path workingDirectory) {

    public static Console system() {
        return new Console(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath());
    }
}
