package io.lakebook.core.remote;

import io.lakebook.core.config.UserHome;
import io.lakebook.core.sync.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the sessions on this computer that keep one project on one driver know of each other. They share the
 * driver's copy (a second notebook of the project, or the kernel after a restart, finds the files there), so a session
 * may trust its own picture of the copy only while no other session changed it. Each change of the copy writes a new
 * mark into a small file in lakebook's cache, and a session that finds a mark it did not write reads the driver's
 * manifest again. The file is also the lock that keeps two sessions from changing the copy at the same time. Reading
 * the mark costs no call to the workspace, so an unchanged project still sends nothing.
 *
 * <p>Thread-safe; sessions of one process (the MCP server opens one per notebook folder) share a lock in memory too,
 * since a file lock is held per process.
 */
final class CopyLedger {
    private static final Logger LOG = LoggerFactory.getLogger(CopyLedger.class);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    /** The mark this session last wrote or read; null before its first look. */
    private String known;
    private boolean warned;

    /** What a piece of work under the lock did to the copy. */
    interface Work<T> {
        /**
         * @param othersChanged another session changed the driver's copy since this one last looked
         */
        T run(boolean othersChanged) throws InterruptedException;

        /** Whether {@code result} says that this work changed the driver's copy. */
        boolean changedCopy(T result);
    }

    CopyLedger(Path file) {
        this.file = file;
    }

    /** The ledger of the driver folder {@code name}, in {@code $XDG_CACHE_HOME/lakebook/sync} or {@code ~/.cache}. */
    static CopyLedger forFolder(String name, Map<String, String> env) {
        return new CopyLedger(cacheFolder(env).resolve("sync").resolve(name + ".mark"));
    }

    static Path cacheFolder(Map<String, String> env) {
        String cache = env.get("XDG_CACHE_HOME");
        Path base = cache == null || cache.isBlank() ? UserHome.of(env).resolve(".cache") : Path.of(cache);
        return base.resolve("lakebook");
    }

    /**
     * Runs {@code work} holding the lock. When the cache cannot be written (a read-only home), the work runs alone,
     * trusting this session's picture as before, and a warning says once why.
     */
    <T> T locked(Work<T> work) throws InterruptedException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, key -> new ReentrantLock());
        local.lockInterruptibly();
        try (FileChannel channel = open(); FileLock lock = channel == null ? null : channel.lock()) {
            String mark = channel == null ? known : read(channel);
            boolean othersChanged = known != null && mark != null && !mark.equals(known);
            T result = work.run(othersChanged);
            if (channel != null && work.changedCopy(result)) {
                mark = HexFormat.of().formatHex(RANDOM.generateSeed(8));
                write(channel, mark);
            }
            known = mark;
            return result;
        } catch (IOException e) {
            throw new SyncException("lakebook could not use its sync lock " + file + " (" + e.getMessage()
                    + "). The cell did not run; check that the folder can be written, then run it again.", e);
        } finally {
            local.unlock();
        }
    }

    /**
     * A random name for this computer's user account, made once and kept in lakebook's cache. Two laptops (or two Dev
     * Containers, which all keep projects under {@code /workspaces}) with the same project path must not share a
     * copy on a shared cluster's driver.
     */
    static String computerId(Map<String, String> env) {
        Path id = cacheFolder(env).resolve("computer-id");
        try {
            if (Files.isRegularFile(id)) {
                String known = Files.readString(id, StandardCharsets.US_ASCII).strip();
                if (known.matches("[0-9a-f]{16}")) {
                    return known;
                }
            }
            String made = HexFormat.of().formatHex(RANDOM.generateSeed(8));
            Files.createDirectories(id.getParent());
            Path temporary = Files.createTempFile(id.getParent(), "computer-id", ".tmp");
            Files.writeString(temporary, made + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, id, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return Files.readString(id, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            LOG.warn("lakebook cannot keep {} ({}); the copy on the driver is named by this computer's host name",
                    id, e.getMessage());
            return Integer.toHexString(System.getenv().getOrDefault("HOSTNAME", "computer").hashCode());
        }
    }

    private FileChannel open() {
        try {
            Files.createDirectories(file.getParent());
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                LOG.warn("lakebook cannot write {} ({}); two notebooks of this project on this computer may not see "
                        + "each other's changes to the files on the driver", file, e.getMessage());
            }
            return null;
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
    }

    private static void write(FileChannel channel, String mark) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(mark.getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
    }
}
