package io.lakebook.installer.startup;

import io.lakebook.installer.Launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * lakebook's class-data-sharing archive: the classes the kernel and {@code lakebook mcp} load while they start,
 * parsed and verified once and kept beside the jar ({@code lakebook.jsa} next to {@code lakebook.jar}), so that a
 * JVM that maps it starts in about half the time. It is made by running {@link Training} under
 * {@code -XX:ArchiveClassesAtExit}, and is used only while it is newer than the jar it was made from: the JVM would
 * refuse a stale one anyway, but a named archive it cannot map also turns off the JDK's own.
 */
public final class ClassArchive {
    private static final long LIMIT_SECONDS = 120;

    private ClassArchive() {
    }

    /** {@code lakebook.jsa} for {@code lakebook.jar}. */
    public static Path archiveFor(Path jar) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling((name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name) + ".jsa");
    }

    /** The JVM options that map the archive of {@code jar}; none when it has no archive, or a stale one. */
    public static List<String> jvmOptions(Path jar) {
        Path archive = archiveFor(jar);
        try {
            if (Files.isRegularFile(archive) && Files.getLastModifiedTime(archive)
                    .compareTo(Files.getLastModifiedTime(jar)) > 0) {
                // The JVM warns on stderr when it cannot map the archive; it then starts without it, which is fine.
                return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
            }
        } catch (IOException e) {
            // Unreadable times: start without the archive.
        }
        return List.of();
    }

    /**
     * Makes the archive of {@code jar} with {@code java} and the JVM options the launcher uses; replaces an older one.
     *
     * @return a line saying what happened, for the caller to show
     */
    public static String create(Path jar, String java, List<String> launcherOptions) throws IOException,
            InterruptedException {
        Path archive = archiveFor(jar);
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(launcherOptions);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + partial, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-cp", jar.toString(), Training.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "lakebook starts without a class-data archive: making one took longer than " + LIMIT_SECONDS
                    + " s.";
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(partial)) {
            Files.deleteIfExists(partial);
            return "lakebook starts without a class-data archive: making one failed ("
                    + new String(output, StandardCharsets.UTF_8).strip() + ").";
        }
        Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return "Made " + archive + ", which halves the start of the kernel and of lakebook mcp.";
    }

    /**
     * {@code ClassArchive JAR}: makes the archive of the jar with the launcher's JVM options, as the
     * {@code ./lakebook} launcher does after it builds; prints what happened.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ClassArchive LAKEBOOK_JAR");
            System.exit(2);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        System.err.println(create(Path.of(args[0]).toAbsolutePath(), java, Launcher.JVM_OPTIONS));
    }
}
