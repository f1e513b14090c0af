package io.lakebook.installer.setup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.files.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The install record on disk, kept up to date as install goes, so that a run stopped half-way still leaves a record
 * uninstall can follow. Not thread-safe.
 */
public final class Journal {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private InstallRecord record;

    private Journal(Path file, InstallRecord record) {
        this.file = file;
        this.record = record;
    }

    /** The record of {@code places}, or an empty one when lakebook was not installed there. */
    public static Journal open(Places places) {
        return new Journal(places.record(), read(places.record()).orElseGet(InstallRecord::empty));
    }

    /** The record on disk, if there is one. */
    public static Optional<InstallRecord> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), InstallRecord.class));
        } catch (IOException e) {
            throw new LakebookException("lakebook cannot read its install record " + file + " (" + e.getMessage()
                    + "). Run `lakebook install` again to write a new one.", e);
        }
    }

    public InstallRecord record() {
        return record;
    }

    public Path file() {
        return file;
    }

    public void update(UnaryOperator<InstallRecord> change) {
        record = change.apply(record);
        save();
    }

    /**
     * Writes {@code content} to the user's {@code target} atomically, backing up the original before lakebook's first
     * change, and notes the values changed; nothing is written when {@code settings} is empty.
     */
    public void write(Path target, byte[] content, List<InstallRecord.Setting> settings, InstallRecord.Kind kind)
            throws IOException {
        if (settings.isEmpty()) {
            return;
        }
        InstallRecord.ChangedFile changed = changedFile(target, kind);
        if (changed.existed()) {
            UserFiles.write(target, content);
        } else {
            // lakebook made this file, so what it held before this write is lakebook's own: nothing to back up.
            OwnedFiles.write(target, content);
        }
        for (InstallRecord.Setting setting : settings) {
            changed = changed.noting(setting);
        }
        Path backup = backupOf(target);
        if (changed.existed() && changed.backup() == null && Files.exists(backup)) {
            changed = changed.withBackup(backup.toString());
        }
        InstallRecord.ChangedFile done = changed;
        update(r -> r.withFile(done));
    }

    /** Notes files of another program that lakebook moved out of the way beside {@code target}. */
    public void movedAside(Path target, InstallRecord.Kind kind, List<List<String>> moved) {
        InstallRecord.ChangedFile changed = changedFile(target, kind).withMovedAside(moved);
        update(r -> r.withFile(changed));
    }

    /**
     * Notes, before lakebook writes {@code targets}, which folders on their way do not exist yet (up to the first
     * one that does), so that uninstall removes exactly those again once they are empty.
     */
    public void noteFoldersFor(List<Path> targets) {
        List<String> missing = new java.util.ArrayList<>();
        for (Path target : targets) {
            for (Path dir = target.toAbsolutePath().normalize().getParent(); dir != null && !Files.exists(dir);
                 dir = dir.getParent()) {
                missing.add(dir.toString());
            }
        }
        if (!missing.isEmpty() && !record.createdFolders().containsAll(missing)) {
            update(r -> r.withCreatedFolders(missing));
        }
    }

    private InstallRecord.ChangedFile changedFile(Path target, InstallRecord.Kind kind) {
        String key = target.toAbsolutePath().normalize().toString();
        return record.file(key).orElseGet(() -> firstChange(target, key, kind));
    }

    /** Forgets a file whose changes were taken back. */
    public void forget(String path) {
        update(r -> r.withoutFile(path));
    }

    /** Removes the record from disk, once everything it lists is undone. */
    public void delete() throws IOException {
        Files.deleteIfExists(file);
        record = InstallRecord.empty();
    }

    public static Path backupOf(Path target) {
        return target.resolveSibling(target.getFileName() + UserFiles.BACKUP_SUFFIX);
    }

    public static JsonNode tree(Object value) {
        return value == null ? null : JSON.valueToTree(value);
    }

    private static InstallRecord.ChangedFile firstChange(Path target, String key, InstallRecord.Kind kind) {
        return new InstallRecord.ChangedFile(key, kind, Files.exists(target), null, List.of(), List.of());
    }

    private void save() {
        try {
            OwnedFiles.write(file, (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LakebookException("lakebook cannot write its install record " + file + " (" + e.getMessage()
                    + "). Check that the folder is writable.", e);
        }
    }
}
