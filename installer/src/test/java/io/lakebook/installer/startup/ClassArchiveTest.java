package io.lakebook.installer.startup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which archive the launcher names: the one beside the jar, and only while it is newer than the jar. */
class ClassArchiveTest {

    @TempDir
    Path dir;

    @Test
    void theArchiveOfAJarLiesBesideItUnderTheSameName() {
        assertEquals(dir.resolve("lakebook.jsa"), ClassArchive.archiveFor(dir.resolve("lakebook.jar")));
    }

    @Test
    void aJarWithoutAnArchiveStartsWithNoArchiveOptions() throws Exception {
        Path jar = Files.writeString(dir.resolve("lakebook.jar"), "jar");

        assertEquals(List.of(), ClassArchive.jvmOptions(jar));
    }

    @Test
    void anArchiveNewerThanItsJarIsMappedQuietly() throws Exception {
        Path jar = touch(dir.resolve("lakebook.jar"), 100);
        Path archive = touch(dir.resolve("lakebook.jsa"), 200);

        assertEquals(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
                ClassArchive.jvmOptions(jar));
    }

    /** A named archive the JVM cannot map turns off the JDK's own archive too, so a stale one is not named. */
    @Test
    void anArchiveOlderThanARebuiltJarIsNotNamed() throws Exception {
        Path jar = touch(dir.resolve("lakebook.jar"), 300);
        touch(dir.resolve("lakebook.jsa"), 200);

        assertEquals(List.of(), ClassArchive.jvmOptions(jar));
    }

    private static Path touch(Path file, long seconds) throws Exception {
        Files.writeString(file, file.getFileName().toString());
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + seconds)));
        return file;
    }
}
