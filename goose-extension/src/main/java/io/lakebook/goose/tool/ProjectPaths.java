package io.lakebook.goose.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a call's paths lead, and the fence around them: every path is resolved against the base directory (Goose's
 * {@code agent-working-dir} when it sends one) and must stay inside the project root, also after following symbolic
 * links, so no file outside the project is ever read or written.
 */
public final class ProjectPaths {

    /** The longest path Linux takes (PATH_MAX), and more than macOS and Windows do. */
    static final int MAX_PATH = 4096;

    private final Path root;
    private final Path base;

    /**
     * @param root the project root, an existing directory
     * @param base the directory relative paths start from; must be inside {@code root}
     */
    public ProjectPaths(Path root, Path base) throws IOException {
        this.root = root.toRealPath();
        this.base = base.toRealPath();
        if (!this.base.startsWith(this.root)) {
            throw new ToolFailure("The working directory " + base + " is outside the lakebook project " + this.root
                    + ". Start Goose in the project folder, or set LAKEBOOK_PROJECT_ROOT to a folder that holds both.");
        }
    }

    public Path root() {
        return root;
    }

    public Path base() {
        return base;
    }

    /**
     * The file {@code given} names, which need not exist yet.
     *
     * @throws ToolFailure when it is blank, malformed, or leads outside the project (by {@code ..}, an absolute
     *                     path or a symbolic link)
     */
    public Path resolve(String given) throws IOException {
        if (given == null || given.isBlank()) {
            throw new ToolFailure("The path is empty. Give a notebook path relative to " + base + ".");
        }
        if (given.length() > MAX_PATH) {
            // Walking up hundreds of thousands of parents to the first that exists would take hours, and no file
            // system takes such a name anyway.
            throw new ToolFailure("The path is " + given.length() + " characters long; a path has at most "
                    + MAX_PATH + ". Give a notebook path relative to " + base + ".");
        }
        Path candidate;
        try {
            candidate = base.resolve(given).normalize();
        } catch (InvalidPathException e) {
            throw new ToolFailure("'" + given + "' is not a valid path: " + e.getReason() + ".");
        }
        if (!candidate.startsWith(root)) {
            throw outside(given);
        }
        Path existing = candidate;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real = existing.toRealPath();
        if (!real.startsWith(root)) {
            throw new ToolFailure("'" + given + "' leads through a symbolic link to " + real + ", outside the project "
                    + root + ". lakebook only reads and writes files inside the project.");
        }
        return real.resolve(existing.relativize(candidate));
    }

    /** How to show {@code file} to the model: relative to the base directory when it is inside it ("." for it). */
    public String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String relative = base.relativize(absolute).toString().replace('\\', '/');
        return !absolute.startsWith(base) ? absolute.toString() : relative.isEmpty() ? "." : relative;
    }

    private ToolFailure outside(String given) {
        return new ToolFailure("'" + given + "' is outside the project " + root + ". lakebook only reads and writes "
                + "files inside the project: give a path relative to " + base + " without '..'.");
    }
}
