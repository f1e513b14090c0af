package io.lakebook.installer.setup;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.files.UserFiles;
import io.lakebook.installer.command.Console;
import io.lakebook.installer.goose.GooseHints;
import io.lakebook.installer.goose.YamlDocument;
import io.lakebook.installer.profile.DatabricksCfg;
import io.lakebook.installer.startup.ClassArchive;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code lakebook uninstall}: takes back what the install record lists, and nothing else. Each value lakebook set is
 * put back to what it was, unless the user has changed it since, in which case it stays; a file that ends up as the
 * user had it is restored byte for byte from its backup; a file lakebook created and that holds nothing else is
 * deleted; lakebook's own files (the jar, the launcher, the record) go.
 */
public final class Uninstaller {
    private final PrintStream out;
    private final Places places;

    public Uninstaller(Console console) {
        this.out = console.out();
        this.places = Places.of(console);
    }

    public int run() throws IOException {
        Journal journal = Journal.open(places);
        if (!Files.exists(journal.file())) {
            out.println("lakebook is not installed for this user (there is no " + journal.file() + "); nothing to "
                    + "remove.");
            return 0;
        }
        InstallRecord record = journal.record();
        for (InstallRecord.ChangedFile file : record.files()) {
            undo(file);
            journal.forget(file.path());
        }
        deleteOwned(record.tokenCache(), "the sign-in lakebook saved");
        deleteOwned(record.jar(), "the installed toolkit");
        if (record.jar() != null) {
            deleteOwned(ClassArchive.archiveFor(Path.of(record.jar())).toString(), "its class-data archive");
        }
        if (record.launcher() != null && Toolkit.isOurs(Path.of(record.launcher()))) {
            deleteOwned(record.launcher(), "the lakebook command");
        }
        journal.delete();
        deleteIfEmpty(places.dataDir());
        deleteCache();
        deleteCreatedFolders(record.createdFolders());
        out.println("lakebook is uninstalled. The clone you installed from, if any, is untouched; Goose keeps its own "
                + "sign-in until you sign out in Goose.");
        return 0;
    }

    /**
     * Takes lakebook's part out of one file, by the kind of file it is: a second install may have written another
     * kernel spec or Goose configuration than the one the record names last, and each is undone.
     */
    private void undo(InstallRecord.ChangedFile file) throws IOException {
        Path path = Path.of(file.path());
        switch (file.kindOrGuess()) {
            case KERNEL_SPEC -> undoKernelSpec(path, file);
            case GOOSE_HINTS -> undoText(path, file, GooseHints.remove(read(path)));
            case GOOSE_CONFIG -> undoYaml(path, file);
            case PROFILE -> undoProfile(path, file);
        }
    }

    /** The kernel's cache ({@code ~/.cache/lakebook}: the computer id, project sync marks) is lakebook's alone. */
    private void deleteCache() throws IOException {
        Path cache = places.cacheDir();
        if (!Files.isDirectory(cache)) {
            return;
        }
        try (var all = Files.walk(cache)) {
            for (Path entry : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
        out.println("removed: " + cache + " (the kernel's cache)");
    }

    /** Folders that install created, deepest first, when nothing else has been put in them since. */
    private void deleteCreatedFolders(List<String> folders) throws IOException {
        List<Path> deepestFirst = folders.stream().map(Path::of).sorted(java.util.Comparator
                .comparingInt(Path::getNameCount).reversed()).toList();
        for (Path folder : deepestFirst) {
            deleteIfEmpty(folder);
        }
    }

    private void undoProfile(Path path, InstallRecord.ChangedFile file) throws IOException {
        DatabricksCfg cfg = DatabricksCfg.parse(read(path));
        Optional<DatabricksCfg> original = backup(file).map(DatabricksCfg::parse);
        List<String> kept = new ArrayList<>();
        for (InstallRecord.Setting setting : reversed(file.settings())) {
            String profile = setting.at().get(0);
            String key = setting.at().get(1);
            Optional<String> now = cfg.get(profile, key);
            if (!now.equals(Optional.ofNullable(text(setting.after())))) {
                kept.add("[" + profile + "] " + key);
            } else if (setting.before() == null) {
                cfg.remove(profile, key);
            } else {
                cfg.set(profile, key, setting.before().asText());
            }
        }
        file.settings().stream().map(s -> s.at().get(0)).distinct()
                .filter(profile -> original.map(o -> !o.hasProfile(profile)).orElse(!file.existed()))
                .forEach(cfg::removeProfileIfEmpty);
        boolean same = original.map(o -> o.profiles().equals(cfg.profiles())).orElse(false);
        finish(path, file, cfg.text(), same, cfg.profiles().isEmpty() && cfg.text().isBlank(), kept);
    }

    private void undoYaml(Path path, InstallRecord.ChangedFile file) throws IOException {
        YamlDocument config;
        try {
            config = YamlDocument.parse(read(path), path.toString());
        } catch (YamlDocument.InvalidYamlException e) {
            out.println("left alone: " + path + ", which lakebook cannot read now (" + e.getMessage() + ")"
                    + backup(file).map(b -> "; your original is in " + file.backup()).orElse(""));
            return;
        }
        Optional<YamlDocument> original = backup(file).map(text -> YamlDocument.parse(text, file.backup()));
        List<String> kept = new ArrayList<>();
        for (InstallRecord.Setting setting : reversed(file.settings())) {
            Object now = config.get(setting.at()).orElse(null);
            if (!Objects.equals(Journal.tree(now), setting.after())) {
                kept.add(String.join(".", setting.at()));
            } else if (setting.before() == null) {
                config.remove(setting.at());
                pruneEmptyParents(config, setting.at(), original);
            } else {
                config.set(setting.at(), Journal.JSON.treeToValue(setting.before(), Object.class));
            }
        }
        boolean same = original.map(o -> Objects.equals(o.plain(), config.plain())).orElse(false);
        finish(path, file, config.text(), same, config.isEmpty(), kept);
    }

    /** A mapping lakebook created on the way to its value goes with it, when the original did not have it. */
    private static void pruneEmptyParents(YamlDocument config, List<String> at, Optional<YamlDocument> original) {
        for (int size = at.size() - 1; size > 0; size--) {
            List<String> parent = at.subList(0, size);
            boolean empty = config.get(parent).filter(v -> v instanceof java.util.Map<?, ?> m && m.isEmpty())
                    .isPresent();
            boolean hadIt = original.flatMap(o -> o.get(parent)).isPresent();
            if (empty && !hadIt) {
                config.remove(parent);
            }
        }
    }

    private void undoText(Path path, InstallRecord.ChangedFile file, String withoutBlock) throws IOException {
        boolean same = backup(file).map(withoutBlock::equals).orElse(false);
        finish(path, file, withoutBlock, same, withoutBlock.isBlank(), List.of());
    }

    private void undoKernelSpec(Path path, InstallRecord.ChangedFile file) throws IOException {
        putBack(file.movedAside());
        if (file.existed() && backup(file).isPresent()) {
            restore(path, file);
            out.println("restored: " + path + " (the kernel spec that was there before)");
        } else if (!file.existed()) {
            Files.deleteIfExists(path);
            deleteIfEmpty(path.getParent());
            out.println("removed: " + path);
        } else {
            out.println("left alone: " + path + " (the copy of the kernel spec that was there before is gone, so "
                    + "lakebook's stays; remove it with jupyter kernelspec remove databricks)");
        }
    }

    /** Moves another program's files back where they were, from the hidden folder lakebook kept them in. */
    private void putBack(List<List<String>> moved) throws IOException {
        for (List<String> pair : moved) {
            Path original = Path.of(pair.get(0));
            Path kept = Path.of(pair.get(1));
            if (Files.exists(kept) && !Files.exists(original)) {
                Files.move(kept, original);
                out.println("restored: " + original);
            }
            deleteIfEmpty(kept.getParent());
        }
    }

    /**
     * Writes the undone content: the backup's own bytes when the file is back to what it held, nothing at all when
     * lakebook created it and it is empty again, else the content with the user's later changes kept.
     */
    private void finish(Path path, InstallRecord.ChangedFile file, String content, boolean sameAsBackup,
                        boolean empty, List<String> kept) throws IOException {
        if (!Files.exists(path)) {
            out.println("already gone: " + path);
        } else if (sameAsBackup) {
            restore(path, file);
            out.println("restored: " + path + " (as it was before lakebook)");
        } else if (!file.existed() && empty) {
            Files.delete(path);
            out.println("removed: " + path + " (lakebook had created it)");
        } else {
            if (!content.equals(read(path))) {
                UserFiles.write(path, content.getBytes(StandardCharsets.UTF_8));
            }
            out.println("cleaned: " + path + " (lakebook's values taken out"
                    + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept) + ", which you changed since")
                    + (file.backup() != null ? "; the copy from before lakebook stays in " + file.backup() : "")
                    + ")");
        }
    }

    private static void restore(Path path, InstallRecord.ChangedFile file) throws IOException {
        Path backup = Path.of(file.backup());
        OwnedFiles.copy(backup, path);
        Files.delete(backup);
    }

    private static Optional<String> backup(InstallRecord.ChangedFile file) {
        if (file.backup() == null || !Files.isRegularFile(Path.of(file.backup()))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(file.backup()), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LakebookException("Cannot read the backup " + file.backup() + " (" + e.getMessage() + ").",
                    e);
        }
    }

    private void deleteOwned(String file, String what) throws IOException {
        if (file != null && Files.deleteIfExists(Path.of(file))) {
            out.println("removed: " + file + " (" + what + ")");
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        if (dir != null && Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        }
    }

    private static String read(Path path) throws IOException {
        return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.asText();
    }

    private static List<InstallRecord.Setting> reversed(List<InstallRecord.Setting> settings) {
        List<InstallRecord.Setting> all = new ArrayList<>(settings);
        java.util.Collections.reverse(all);
        return all;
    }
}
