package io.lakebook.core.sync;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Lists the project's files that travel to the cluster, with their sizes and content hashes. A file whose size,
 * modification time and status-change time are those of the last scan keeps its hash without being read again, so the
 * check before each cell costs one listing of the tree. The status-change time, which no tool can set back, catches an
 * edit of the same size whose modification time was restored. Links to files are read through; links to folders are
 * not followed (they may lead out of the project, or in a circle). Nothing is ever written to the project.
 *
 * <p>Not thread-safe: one scan at a time.
 */
public final class ProjectScanner {
    private static final int HASH_HEX_DIGITS = 32;
    private static final Pattern NOTEBOOK_SUFFIX = Pattern.compile("\\.(py|sql|scala|r|R)$");
    private static final Pattern SOURCE_MARKER = Pattern.compile("^\uFEFF?(#|--|//) ?Databricks notebook source$");
    // As in a Databricks Git folder: "You cannot import source code from a notebook stored in a Databricks Git
    // folder or a workspace file" (docs.databricks.com, delta-live-tables/import-workspace-files).
    private static final String SOURCE_NOTEBOOK =
            "a Databricks source notebook: notebooks run through the kernel or %run, they are not imported";
    private final Path root;
    private final IgnoreRules rules;
    private final Map<String, Known> known = new HashMap<>();

    /** What the last scan learnt of a file; {@code notebook} says it is a Databricks source notebook. */
    private record Known(long size, long modifiedNanos, long changedNanos, String hash, boolean notebook) {
    }

    /** What hashing a file found: its hash and whether its first line marks a Databricks source notebook. */
    private record Content(String hash, boolean notebook) {
    }

    /**
     * @param root          the project's root folder
     * @param settings      the project file's sync settings, for its exclude patterns
     * @param excludeSource where those patterns were read, for messages
     */
    public ProjectScanner(Path root, SyncSettings settings, String excludeSource) {
        this.root = root.toAbsolutePath().normalize();
        this.rules = IgnoreRules.load(this.root, settings.exclude(), excludeSource);
    }

    public Path root() {
        return root;
    }

    /** A scanner with other settings that keeps what this one learnt of the files, so nothing is hashed again. */
    public ProjectScanner withSettings(SyncSettings settings, String excludeSource) {
        ProjectScanner next = new ProjectScanner(root, settings, excludeSource);
        next.known.putAll(known);
        return next;
    }

    /**
     * Looks at the project as it is now.
     *
     * @throws SyncException when the project folder cannot be listed
     */
    public Scan scan() {
        TreeMap<String, FileEntry> files = new TreeMap<>();
        List<LeftOut> leftOut = new ArrayList<>();
        Map<String, Known> seen = new HashMap<>();
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                    new Visitor(files, leftOut, seen));
        } catch (IOException e) {
            throw new SyncException("lakebook could not list the project folder " + root + " (" + e.getMessage()
                    + "). Check that it exists and can be read.", e);
        }
        known.keySet().retainAll(seen.keySet());
        known.putAll(seen);
        return new Scan(files, leftOut);
    }

    private final class Visitor extends SimpleFileVisitor<Path> {
        private final Map<String, FileEntry> files;
        private final List<LeftOut> leftOut;
        private final Map<String, Known> seen;

        Visitor(Map<String, FileEntry> files, List<LeftOut> leftOut, Map<String, Known> seen) {
            this.files = files;
            this.leftOut = leftOut;
            this.seen = seen;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            String path = relative(dir);
            if (!path.isEmpty()) {
                Optional<String> reason = rules.reason(path, true);
                if (reason.isPresent()) {
                    leftOut.add(new LeftOut(path + "/", reason.get()));
                    return FileVisitResult.SKIP_SUBTREE;
                }
            }
            rules.enter(path, dir);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            String path = relative(file);
            BasicFileAttributes target = attributes;
            if (attributes.isSymbolicLink()) {
                try {
                    target = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (IOException e) {
                    leftOut.add(new LeftOut(path, "a link that leads nowhere"));
                    return FileVisitResult.CONTINUE;
                }
                if (target.isDirectory()) {
                    leftOut.add(new LeftOut(path + "/", "a link to a folder; such links are not followed"));
                    return FileVisitResult.CONTINUE;
                }
            }
            if (!target.isRegularFile()) {
                leftOut.add(new LeftOut(path, "not a regular file"));
                return FileVisitResult.CONTINUE;
            }
            Optional<String> reason = rules.reason(path, false);
            if (reason.isEmpty() && path.endsWith(".ipynb")) {
                reason = Optional.of("a notebook: notebooks run through the kernel, they are not imported");
            }
            if (reason.isPresent()) {
                leftOut.add(new LeftOut(path, reason.get()));
                return FileVisitResult.CONTINUE;
            }
            add(file, path, target);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            leftOut.add(new LeftOut(relative(file), "cannot be read (" + e.getMessage() + ")"));
            return FileVisitResult.CONTINUE;
        }

        private void add(Path file, String path, BasicFileAttributes attributes) {
            long size = attributes.size();
            long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            long changed = changedNanos(file, modified);
            Known before = known.get(path);
            Content content;
            if (before != null && before.size() == size && before.modifiedNanos() == modified
                    && before.changedNanos() == changed) {
                content = new Content(before.hash(), before.notebook());
            } else {
                try {
                    content = read(file, path);
                } catch (IOException e) {
                    leftOut.add(new LeftOut(path, "cannot be read (" + e.getMessage() + ")"));
                    return;
                }
            }
            seen.put(path, new Known(size, modified, changed, content.hash(), content.notebook()));
            if (content.notebook()) {
                leftOut.add(new LeftOut(path, SOURCE_NOTEBOOK));
                return;
            }
            files.put(path, new FileEntry(path, size, content.hash()));
        }
    }

    /** The file's status-change time (ctime) where the file system has one, else its modification time. */
    public static long changedNanos(Path file, long modifiedNanos) {
        try {
            Object ctime = Files.getAttribute(file, "unix:ctime");
            return ctime instanceof FileTime time ? time.to(TimeUnit.NANOSECONDS) : modifiedNanos;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return modifiedNanos;
        }
    }

    private String relative(Path path) {
        String relative = root.relativize(path).toString();
        return path.getFileSystem().getSeparator().equals("/") ? relative : relative.replace('\\', '/');
    }

    /** The first 32 hex digits of the SHA-256 of the file's content, as the driver computes them. */
    static String hash(Path file) throws IOException {
        return read(file, "").hash();
    }

    /**
     * Hashes the file and, for the languages Databricks keeps notebooks in, looks at the first line for the marker
     * that makes the file a source notebook: one read of the file for both.
     */
    private static Content read(Path file, String path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        boolean notebookLanguage = NOTEBOOK_SUFFIX.matcher(path).find();
        boolean notebook = false;
        try (InputStream in = Files.newInputStream(file)) {
            boolean first = true;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (first && notebookLanguage) {
                    notebook = isSourceNotebook(buffer, read);
                }
                first = false;
                digest.update(buffer, 0, read);
            }
        }
        return new Content(HexFormat.of().formatHex(digest.digest()).substring(0, HASH_HEX_DIGITS), notebook);
    }

    /** The first line is {@code # Databricks notebook source} (or {@code --}, {@code //} in SQL and Scala). */
    private static boolean isSourceNotebook(byte[] start, int length) {
        int end = 0;
        while (end < length && start[end] != '\n') {
            end++;
        }
        String line = new String(start, 0, end, StandardCharsets.UTF_8).strip();
        return SOURCE_MARKER.matcher(line).matches();
    }
}
