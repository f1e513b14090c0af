package io.lakebook.core.files;

import io.lakebook.emulator.faults.Trials;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writing a user's file where the disk is full or the folder cannot be written: a clear message, the file exactly as
 * it was, and nothing half-written beside it ({@link Disks} says how the full disk or the read-only folder is made).
 */
class UserFilesFaultsTest {
    private static final int KIB = 1024;

    @TempDir
    Path dir;

    private static byte[] filled(int size, char c) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** A partial backup would stand in for the real one from then on (a bug fixed here): none may be left. */
    @Test
    void aDiskThatFillsDuringTheBackupLeavesTheFileAsItWasAndNoPartialBackup() throws Exception {
        try (Disks disk = Disks.small(dir, 2048 * KIB)) {
            Path notebook = disk.dir().resolve("big.ipynb");
            byte[] original = filled(1200 * KIB, 'o');
            Files.write(notebook, original);

            String result = disk.write(notebook, 1300 * KIB);

            assertTrue(result.startsWith("FAILED UnwritableFileException: lakebook could not write " + notebook),
                    result);
            assertTrue(result.contains("the disk is full") || result.contains("file too large"), result);
            assertTrue(result.contains("Nothing was changed: big.ipynb is as it was."), result);
            assertArrayEquals(original, Files.readAllBytes(notebook));
            assertEquals(List.of("big.ipynb"), names(disk.dir()), "no backup, no temporary file");
            Trials.record("files", "a full disk while the backup is copied (" + disk.how() + ")", 1, result
                    .substring("FAILED UnwritableFileException: ".length()), "nothing: the file as it was, no "
                    + "partial copy left");
        }
    }

    @Test
    void aDiskThatFillsDuringTheWriteLeavesTheFileAsItWasWithItsBackup() throws Exception {
        try (Disks disk = Disks.small(dir, 2048 * KIB)) {
            Path notebook = disk.dir().resolve("notes.ipynb");
            byte[] original = filled(300 * KIB, 'o');
            Files.write(notebook, original);

            String result = disk.write(notebook, 1900 * KIB);

            assertTrue(result.startsWith("FAILED UnwritableFileException: "), result);
            assertArrayEquals(original, Files.readAllBytes(notebook));
            assertArrayEquals(original, Files.readAllBytes(disk.dir().resolve("notes.ipynb.lakebook-backup")));
            assertEquals(List.of("notes.ipynb", "notes.ipynb.lakebook-backup"), names(disk.dir()));
            Trials.record("files", "a full disk while the new content is written (" + disk.how() + ")", 1,
                    "UnwritableFileException: the disk is full, nothing was changed", "nothing: the file as it "
                    + "was, a whole backup, no temporary file");
        }
    }

    @Test
    void aReadOnlyFolderIsNamedAndNothingChanges() throws Exception {
        byte[] original = "{\"cells\": []}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Disks folder = Disks.readOnly(dir, "ro.ipynb", original)) {
            Assumptions.assumeTrue(folder.refusesWrites(), "this user can write any folder, and cannot mount one");
            Path notebook = folder.dir().resolve("ro.ipynb");

            String result = folder.write(notebook, 100);

            assertTrue(result.startsWith("FAILED UnwritableFileException: lakebook could not write " + notebook),
                    result);
            assertTrue(result.contains("read-only file system") || result.contains("permission denied"), result);
            assertTrue(result.contains("Nothing was changed"), result);
            assertArrayEquals(original, Files.readAllBytes(notebook));
            assertEquals(List.of("ro.ipynb"), names(folder.dir()));
            Trials.record("files", "writing into a read-only folder (" + folder.how() + ")", 1, result
                    .substring("FAILED UnwritableFileException: ".length()), "nothing: the file as it was");
        }
    }
}
