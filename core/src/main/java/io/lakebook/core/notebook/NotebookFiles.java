package io.lakebook.core.notebook;

import io.lakebook.core.files.UserFiles;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Notebooks on disk, read with a version and changed only if that version is still current.
 *
 * <p>A version is a checksum of the file's bytes ({@link #version}), so any change by anyone (JupyterLab's autosave, a second agent call,
 * a {@code git checkout}) is noticed. Changes to one file are serialised by an in-process lock, and each is written
 * atomically with {@link UserFiles#write}: a reader never sees half a notebook, and a refused change leaves the file
 * exactly as it was.
 */
public final class NotebookFiles {

    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private NotebookFiles() {
    }

    /** A notebook as read, with the version of the bytes it was read from. */
    public record Snapshot(Notebook notebook, String version) {
    }

    /** What a change returned, and the version the file has after it. */
    public record Changed<T>(T value, String version) {
    }

    /** Reads the notebook at {@code file}; its format is detected from the name and the first line. */
    public static Snapshot read(Path file) throws IOException {
        NotebookFormat format = format(file);
        byte[] content = readBytes(file);
        return new Snapshot(parse(file, content, format), version(content));
    }

    /**
     * Applies {@code change} to the notebook and writes it, if the file still has {@code expectedVersion}.
     *
     * @throws VersionConflictException when the file changed since that version was read; nothing is written
     */
    public static <T> Changed<T> update(Path file, String expectedVersion, Function<Notebook, T> change)
            throws IOException {
        return locked(file, () -> {
            byte[] content = readBytes(file);
            String current = version(content);
            if (!current.equals(expectedVersion)) {
                throw new VersionConflictException(file.getFileName() + " changed since version " + expectedVersion
                        + " was read (it is now " + current + "), perhaps saved by an editor or another call. "
                        + "Nothing was written. Read it again and redo the change on what it holds now.", current);
            }
            return apply(file, content, change);
        });
    }

    /**
     * Applies {@code change} to whatever the file holds now, without a version check: for writing a run's outputs
     * into the cells that ran, which stay addressed by id while the user keeps editing other cells.
     */
    public static <T> Changed<T> merge(Path file, Function<Notebook, T> change) throws IOException {
        return locked(file, () -> apply(file, readBytes(file), change));
    }

    /** Writes a new notebook; fails if the file exists, so nothing of the user's is replaced. */
    public static String create(Path file, Notebook notebook) throws IOException {
        return locked(file, () -> {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null, "a file already exists there");
            }
            byte[] content = notebook.toBytes();
            UserFiles.write(file, content);
            return version(content);
        });
    }

    /**
     * The version of a notebook's bytes: their CRC-32C and CRC-32, 16 hex digits. Any change of the bytes changes it
     * but for one chance in 2^64 (and always for a change within 32 bits), and both run on the processor's own
     * instructions: a 5 MB notebook takes a fraction of a millisecond, where SHA-256 took tens of milliseconds in a
     * JVM that compiles with C1 only, as lakebook's processes do.
     */
    public static String version(byte[] content) {
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(content);
        CRC32 classic = new CRC32();
        classic.update(content);
        return String.format(Locale.ROOT, "%08x%08x", castagnoli.getValue(), classic.getValue());
    }

    private static <T> Changed<T> apply(Path file, byte[] content, Function<Notebook, T> change) throws IOException {
        Notebook notebook = parse(file, content, format(file));
        T value = change.apply(notebook);
        byte[] updated = notebook.toBytes();
        UserFiles.write(file, updated);
        return new Changed<>(value, version(updated));
    }

    /** Parses the file's bytes; a notebook that cannot be read is named in the message. */
    private static Notebook parse(Path file, byte[] content, NotebookFormat format) {
        try {
            return Notebook.parse(content, format);
        } catch (NotebookException e) {
            throw new NotebookException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static NotebookFormat format(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Optional<NotebookFormat> format = NotebookFormat.detect(file);
        return format.orElseThrow(() -> new NotebookException(file.getFileName() + " is not a notebook lakebook "
                + "can read: use a .ipynb file, or a .py file whose first line is '" + SourceNotebooks.HEADER + "'."));
    }

    private static byte[] readBytes(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    private static <T> T locked(Path file, IoSupplier<T> action) throws IOException {
        ReentrantLock lock = LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), key -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
