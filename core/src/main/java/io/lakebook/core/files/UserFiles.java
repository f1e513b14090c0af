package io.lakebook.core.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Writes files that belong to the user (profiles, kernel specs, notebooks) so that nothing is lost: the new content
 * goes to a temporary file beside the target and is moved over it in one step, and the first time lakebook changes a
 * file it keeps a copy of the original.
 */
public final class UserFiles {

    /** Suffix of the copy kept before lakebook first changes a file. */
    public static final String BACKUP_SUFFIX = ".lakebook-backup";

    private UserFiles() {
    }

    /**
     * Replaces {@code target} with {@code content} atomically, keeping its permissions, after backing up the original
     * once. A failure leaves the original untouched and no temporary file behind.
     *
     * @return the backup made by this call, if one was made
     */
    public static Optional<Path> write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Optional<Path> backup = backupOnce(target);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            copyPermissions(target, temp);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return backup;
    }

    /** Copies {@code target} to {@code target.lakebook-backup} unless it is missing or a backup already exists. */
    public static Optional<Path> backupOnce(Path target) throws IOException {
        Path backup = target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
        if (!Files.exists(target) || Files.exists(backup)) {
            return Optional.empty();
        }
        Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
        return Optional.of(backup);
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(from);
            Files.setPosixFilePermissions(to, permissions);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the platform's defaults apply.
        }
    }
}
