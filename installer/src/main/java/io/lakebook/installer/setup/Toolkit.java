package io.lakebook.installer.setup;

import io.lakebook.installer.Launcher;
import io.lakebook.installer.startup.ClassArchive;
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
    /** Where a clone's build puts the jar, below the clone's root. */
    private static final Path CLONE_JAR = Path.of("installer", "target", "lakebook.jar");

    /** {@code [java, options…, -jar, jar]}: how the kernel spec, Goose and the launcher start lakebook. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(Launcher.JVM_OPTIONS);
        command.addAll(ClassArchive.jvmOptions(jar));
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

    /**
     * How to install lakebook again, as concretely as the install record allows: from the clone it was installed
     * from when that is still there, else from the jar it was copied from, else from any clone.
     *
     * @param source the jar install copied (in a clone, {@code installer/target/lakebook.jar})
     */
    public static String reinstallAdvice(Optional<Path> source) {
        Optional<Path> clone = source.map(Path::toAbsolutePath).filter(jar -> jar.endsWith(CLONE_JAR))
                .map(jar -> jar.getParent().getParent().getParent())
                .filter(dir -> Files.isRegularFile(dir.resolve("lakebook")));
        if (clone.isPresent()) {
            return "install lakebook again from your clone: cd " + quote(clone.get().toString()) + " && ./lakebook "
                    + "install (it builds the jar and keeps your profile, kernel and Goose choices)";
        }
        Optional<Path> jar = source.filter(Files::isRegularFile);
        if (jar.isPresent()) {
            return "install lakebook again from the jar it came from: java -jar " + quote(jar.get().toString())
                    + " install (it keeps your profile, kernel and Goose choices)";
        }
        return "install lakebook again from a lakebook clone: ./lakebook install in the clone (it builds the jar and "
                + "keeps your profile, kernel and Goose choices)";
    }

    /**
     * The launcher's text: a POSIX shell script that runs the installed jar with this Java, and says how to install
     * lakebook again when either is gone rather than leaving Java's "Unable to access jarfile" to explain it.
     */
    String launcherScript(String advice) {
        StringBuilder script = new StringBuilder("#!/bin/sh\n").append(MARKER).append('\n');
        script.append("if [ ! -f ").append(quote(jar.toString())).append(" ] || [ ! -x ")
                .append(quote(java.toString())).append(" ]; then\n");
        script.append("  echo ").append(quote("lakebook: its installed copy " + jar + " (run by " + java
                + ") is missing. To fix: " + advice + ".")).append(" >&2\n");
        script.append("  exit 1\nfi\nexec");
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
    boolean writeLauncher(Path launcher, String advice) throws IOException {
        if (Files.exists(launcher) && !isOurs(launcher)) {
            return false;
        }
        OwnedFiles.write(launcher, launcherScript(advice).getBytes(StandardCharsets.UTF_8));
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
