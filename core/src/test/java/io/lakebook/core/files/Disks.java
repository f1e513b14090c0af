package io.lakebook.core.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Folders where writing fails as on a user's machine: a disk that fills up, a folder that cannot be written. With
 * root and the right to mount, they are real small or read-only tmpfs file systems; otherwise a file-size limit in a
 * child process stands in for the full disk, and folder permissions for the read-only folder. {@link #how()} says
 * which was used; the system property {@code lakebook.disks.nomount} forces the second way, to try it.
 */
final class Disks implements AutoCloseable {
    private final Path dir;
    private final boolean mounted;
    private final long limitBytes;
    private final String how;

    private Disks(Path dir, boolean mounted, long limitBytes, String how) {
        this.dir = dir;
        this.mounted = mounted;
        this.limitBytes = limitBytes;
        this.how = how;
    }

    /** A folder with room for {@code bytes}: a tmpfs of that size, or else a limit of half that on each file. */
    static Disks small(Path parent, long bytes) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(parent.resolve("small-disk"));
        if (run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString()) == 0) {
            return new Disks(dir, true, bytes, "a tmpfs of " + bytes / 1024 + " KiB");
        }
        // A write needs room for the file and its new copy: each file may take half the space.
        return new Disks(dir, false, bytes / 2, "a file-size limit of " + bytes / 2048 + " KiB (ulimit -f) in a "
                + "child process, as mounting a small file system was not allowed");
    }

    /**
     * A folder holding {@code name} with {@code content} that cannot be written: a tmpfs remounted read-only, or
     * else a folder without write permission (which binds only a user other than root).
     */
    static Disks readOnly(Path parent, String name, byte[] content) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(parent.resolve("read-only"));
        if (run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", dir.toString()) == 0) {
            Files.write(dir.resolve(name), content);
            if (run("mount", "-o", "remount,ro", dir.toString()) == 0) {
                return new Disks(dir, true, 0, "a tmpfs remounted read-only");
            }
        }
        Files.write(dir.resolve(name), content);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        return new Disks(dir, false, 0, "a folder without write permission");
    }

    Path dir() {
        return dir;
    }

    String how() {
        return how;
    }

    /** Whether writing there really fails (not so for a folder without permission when running as root). */
    boolean refusesWrites() {
        Path probe = dir.resolve(".probe");
        try {
            Files.writeString(probe, "x");
            Files.delete(probe);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Writes {@code size} bytes to {@code target} with {@link UserFiles#write}: "OK" or "FAILED class: message". */
    String write(Path target, int size) throws IOException, InterruptedException {
        if (mounted || limitBytes == 0) {
            byte[] content = new byte[size];
            java.util.Arrays.fill(content, (byte) 'n');
            try {
                UserFiles.write(target, content);
                return "OK";
            } catch (IOException e) {
                return "FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -f " + limitBytes / 1024 + " && exec '" + java + "' -cp '"
                + System.getProperty("java.class.path") + "' " + WriteProbe.class.getName() + " '" + target + "' "
                + size + " n";
        Process child = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        child.waitFor(60, TimeUnit.SECONDS);
        List<String> lines = new ArrayList<>(output.lines().toList());
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (mounted) {
            run("umount", dir.toString());
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        if (Boolean.getBoolean("lakebook.disks.nomount") && command[0].equals("mount")) {
            return 1;
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
