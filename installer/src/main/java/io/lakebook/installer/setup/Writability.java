package io.lakebook.installer.setup;

import io.lakebook.core.error.LakebookException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, before install changes anything, that it can write every file it is going to write: each is replaced
 * through a temporary file beside it, so its folder (or the nearest folder on the way that exists, where the rest
 * will be created) must be a writable folder. A half-done install would otherwise leave the user to untangle it.
 */
final class Writability {

    private Writability() {
    }

    /**
     * Refuses when any target cannot be written.
     *
     * @param targets each file with another way out to offer for it besides making it writable, may be empty
     * @throws LakebookException naming each place and its fix; nothing has been changed then
     */
    static void require(Map<Path, String> targets) {
        List<String> problems = new ArrayList<>();
        targets.forEach((target, alternative) -> problem(target).ifPresent(problem -> problems.add(problem
                + (alternative.isEmpty() ? "" : " (or " + alternative + ")"))));
        if (!problems.isEmpty()) {
            throw new LakebookException("lakebook cannot write where it must, so it changed nothing:\n  "
                    + String.join("\n  ", problems) + "\nThen run lakebook install again.");
        }
    }

    static Optional<String> problem(Path target) {
        Path file = target.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            return Optional.of(file + " is a folder where lakebook writes a file; move it away");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            return Optional.of(file + " is not writable; chmod u+w " + file);
        }
        Path dir = file.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return Optional.of(file + " has no folder on its way that exists");
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of(file + " cannot be written: " + dir + " is a file, not a folder; move that file away");
        }
        if (!Files.isWritable(dir)) {
            return Optional.of(file + " cannot be written: the folder " + dir + " is not writable; chmod u+w " + dir
                    + " (or ask its owner)");
        }
        return Optional.empty();
    }
}
