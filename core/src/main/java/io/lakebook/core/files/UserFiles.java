package io.lakebook.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
     * @throws UnwritableFileException saying why (a full disk, a read-only folder) and that nothing was changed
     */
    public static Optional<Path> write(Path target, byte[] content) throws IOException {
        boolean existed = Files.exists(target);
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Optional<Path> backup = backupOnce(target);
            Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try {
                writeDurably(temp, content);
                copyPermissions(target, temp);
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
            return backup;
        } catch (UnwritableFileException e) {
            throw e;
        } catch (IOException e) {
            throw UnwritableFileException.of(target, existed, e);
        }
    }

    /**
     * Fails now, before any work, if {@code target} could not be written later: for a run whose outputs would
     * otherwise be lost at its end. Leaves nothing behind.
     *
     * @throws UnwritableFileException saying why, as {@link #write} would
     */
    public static void checkWritable(Path target) throws IOException {
        boolean existed = Files.exists(target);
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp"));
        } catch (IOException e) {
            throw UnwritableFileException.of(target, existed, e);
        }
    }

    /**
     * Copies {@code target} to {@code target.lakebook-backup} unless it is missing or a backup already exists. The
     * copy is made beside it and moved into place whole, so a failure (a full disk) leaves no partial backup that
     * would stand in for the real one from then on.
     */
    public static Optional<Path> backupOnce(Path target) throws IOException {
        Path backup = target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
        if (!Files.exists(target) || Files.exists(backup)) {
            return Optional.empty();
        }
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + backup.getFileName() + ".",
                ".tmp");
        try {
            Files.copy(target, temp, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            move(temp, backup);
        } finally {
            Files.deleteIfExists(temp);
        }
        return Optional.of(backup);
    }

    /**
     * Writes the bytes and makes them durable before the move, with one sync at the end: syncing every block (as
     * {@code O_SYNC} does) makes a 200 MB notebook take many seconds to save.
     */
    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
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
