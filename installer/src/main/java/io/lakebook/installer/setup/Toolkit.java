package io.lakebook.installer.setup;

import io.lakebook.installer.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * lakebook installed for one user: the jar copied to a stable place ({@link Places#jar()}), so that the kernel spec
 * and Goose keep working when the clone it came from moves, and a {@code lakebook} command that runs it.
 *
 * @param java the absolute path of the {@code java} that runs it
 * @param jar  the installed jar
 */
public record Toolkit(Path java, Path jar) {
    /** The second line of every launcher lakebook writes; a file without it is the user's and is left alone. */
    static final String MARKER = "# lakebook: written by `lakebook install`; `lakebook uninstall` removes it.";

    /** {@code [java, options…, -jar, jar]}: how the kernel spec, Goose and the launcher start lakebook. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(Launcher.JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** The jar this lakebook runs from, when it runs from one (not from a build folder's classes). */
    public static Optional<Path> runningJar() {
        Path location = Launcher.codeLocation();
        return location.toString().endsWith(".jar") && Files.isRegularFile(location) ? Optional.of(location)
                : Optional.empty();
    }

    /** Copies the running jar into place; returns whether anything changed. */
    static boolean installJar(Path source, Path target) throws IOException {
        return OwnedFiles.copy(source, target);
    }

    /** The launcher's text: a POSIX shell script that runs the installed jar with this Java. */
    String launcherScript() {
        StringBuilder script = new StringBuilder("#!/bin/sh\n").append(MARKER).append('\n').append("exec");
        for (String word : command()) {
            script.append(' ').append(quote(word));
        }
        return script.append(" \"$@\"\n").toString();
    }

    /**
     * Writes the launcher unless a file of the user's is in the way.
     *
     * @return whether the launcher is lakebook's now (false: another program has that name, left alone)
     */
    boolean writeLauncher(Path launcher) throws IOException {
        if (Files.exists(launcher) && !isOurs(launcher)) {
            return false;
        }
        OwnedFiles.write(launcher, launcherScript().getBytes(StandardCharsets.UTF_8));
        if (!Files.isExecutable(launcher)) {
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return true;
    }

    static boolean isOurs(Path launcher) throws IOException {
        return Files.isRegularFile(launcher) && Files.readString(launcher, StandardCharsets.ISO_8859_1)
                .contains(MARKER);
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
