package io.lakebook.core.sync;

import org.eclipse.jgit.ignore.FastIgnoreRule;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.ignore.IgnoreNode.MatchResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which of the project's files stay on the laptop, with git's own rules (JGit's {@link IgnoreNode}): every
 * {@code .gitignore} in the project, those above it up to the repository's root, and {@code .git/info/exclude}, a
 * deeper file overriding a shallower one as in git. Before them come the built-in defaults, folders that are never
 * project code, and the project file's {@code sync.exclude}; neither can be undone with a {@code !} rule.
 *
 * <p>Not thread-safe: one scan at a time.
 */
final class IgnoreRules {
    static final Set<String> BUILT_IN = Set.of(".git", ".venv", "__pycache__", ".databricks", "node_modules");

    private final IgnoreNode exclude;
    private final String excludeSource;
    /** Rules from outside the project: .gitignore files above it (nearest first), then info/exclude. */
    private final List<Outer> outer;
    /** Each folder's parsed .gitignore, by the folder's path from the project's root ("" for the root). */
    private final Map<String, Parsed> nodes = new HashMap<>();

    private record Outer(IgnoreNode node, String prefix, String label) {
    }

    private record Parsed(long size, long modified, IgnoreNode node, String label) {
    }

    private IgnoreRules(IgnoreNode exclude, String excludeSource, List<Outer> outer) {
        this.exclude = exclude;
        this.excludeSource = excludeSource;
        this.outer = outer;
    }

    /**
     * The rules for the project at {@code root}.
     *
     * @param excludeSource where {@code patterns} come from, for the reasons shown to the user
     */
    static IgnoreRules load(Path root, List<String> patterns, String excludeSource) {
        List<FastIgnoreRule> rules = new ArrayList<>();
        patterns.forEach(pattern -> rules.add(new FastIgnoreRule(pattern)));
        return new IgnoreRules(new IgnoreNode(rules), excludeSource, outerRules(root.toAbsolutePath().normalize()));
    }

    /** Reads the folder's .gitignore when it is new or changed since the last scan; called on entering it. */
    void enter(String folder, Path directory) {
        Path file = directory.resolve(".gitignore");
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            nodes.remove(folder);
            return;
        }
        Parsed known = nodes.get(folder);
        long modified = attributes.lastModifiedTime().toMillis();
        if (known != null && known.size() == attributes.size() && known.modified() == modified) {
            return;
        }
        String label = folder.isEmpty() ? ".gitignore" : folder + "/.gitignore";
        nodes.put(folder, new Parsed(attributes.size(), modified, parse(file, label), label));
    }

    /**
     * Why {@code path} does not travel, or empty when it does. Folders must be asked before what is in them: like
     * git, a file in an ignored folder is never looked at.
     */
    Optional<String> reason(String path, boolean folder) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (BUILT_IN.contains(name)) {
            return Optional.of("built-in default: " + name + " never travels");
        }
        if (exclude.isIgnored(path, folder) == MatchResult.IGNORED) {
            return Optional.of("matched sync.exclude in " + excludeSource);
        }
        for (String dir = parent(path); dir != null; dir = dir.isEmpty() ? null : parent(dir)) {
            Parsed parsed = nodes.get(dir);
            if (parsed != null) {
                MatchResult result = parsed.node().isIgnored(dir.isEmpty() ? path : path.substring(dir.length() + 1),
                        folder);
                if (result == MatchResult.IGNORED) {
                    return Optional.of("matched a rule in " + parsed.label());
                }
                if (result == MatchResult.NOT_IGNORED) {
                    return Optional.empty();
                }
            }
        }
        for (Outer rules : outer) {
            MatchResult result = rules.node().isIgnored(rules.prefix() + path, folder);
            if (result == MatchResult.IGNORED) {
                return Optional.of("matched a rule in " + rules.label());
            }
            if (result == MatchResult.NOT_IGNORED) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The .gitignore files between the repository's root and the project, and the repository's info/exclude. */
    private static List<Outer> outerRules(Path root) {
        List<Outer> outer = new ArrayList<>();
        String prefix = "";
        for (Path dir = root; dir != null; dir = dir.getParent()) {
            if (dir != root && Files.isRegularFile(dir.resolve(".gitignore"))) {
                outer.add(new Outer(parse(dir.resolve(".gitignore"), dir.resolve(".gitignore").toString()), prefix,
                        dir.resolve(".gitignore").toString()));
            }
            Path git = dir.resolve(".git");
            if (Files.exists(git)) {
                String fromRepository = prefixOf(root, dir);
                gitDirectory(git).map(d -> d.resolve("info").resolve("exclude")).filter(Files::isRegularFile)
                        .ifPresent(file -> outer.add(new Outer(parse(file, ".git/info/exclude"), fromRepository,
                                ".git/info/exclude")));
                return outer;
            }
            prefix = dir.getFileName() + "/" + prefix;
        }
        return List.of();
    }

    private static String prefixOf(Path root, Path repository) {
        String relative = repository.relativize(root).toString().replace('\\', '/');
        return relative.isEmpty() ? "" : relative + "/";
    }

    /** The repository's git folder; for a worktree (.git is a file), its common folder, where info/ lives. */
    private static Optional<Path> gitDirectory(Path git) {
        if (Files.isDirectory(git)) {
            return Optional.of(git);
        }
        try {
            String line = Files.readString(git).strip();
            if (!line.startsWith("gitdir:")) {
                return Optional.empty();
            }
            Path gitDir = git.getParent().resolve(line.substring("gitdir:".length()).strip()).normalize();
            Path common = gitDir.resolve("commondir");
            return Optional.of(Files.isRegularFile(common)
                    ? gitDir.resolve(Files.readString(common).strip()).normalize() : gitDir);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static IgnoreNode parse(Path file, String label) {
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(label, in);
        } catch (IOException e) {
            throw new SyncException("lakebook could not read " + file + " (" + e.getMessage() + "), so it cannot tell "
                    + "which files git ignores. Check the file's permissions.", e);
        }
        return node;
    }
}
