package io.lakebook.core.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A user's file could not be written, and nothing was changed: the message says why (a full disk, a read-only
 * folder, a size limit) and what to do, and that the file is as it was.
 */
public final class UnwritableFileException extends IOException {

    private UnwritableFileException(String message, IOException cause) {
        super(message, cause);
    }

    /** Explains {@code failure}, which happened while writing {@code target} (which {@code existed} before). */
    static UnwritableFileException of(Path target, boolean existed, IOException failure) {
        String text = reason(failure).toLowerCase(Locale.ROOT);
        String why;
        String fix;
        if (text.contains("no space left")) {
            why = "the disk is full (no space left on device)";
            fix = "Free some space on that disk, then try again.";
        } else if (text.contains("file too large")) {
            why = "the file is larger than this process may write (file too large: a file-size limit)";
            fix = "Raise the limit (ulimit -f) or free space, then try again.";
        } else if (text.contains("read-only file system")) {
            why = "its folder " + target.toAbsolutePath().getParent() + " is on a read-only file system";
            fix = "Write it somewhere that can be changed, or make that file system writable.";
        } else if (failure instanceof AccessDeniedException || text.contains("permission denied")) {
            why = "permission denied in its folder " + target.toAbsolutePath().getParent();
            fix = "Make the folder writable for you, or write the file somewhere else.";
        } else {
            why = failure.getClass().getSimpleName() + ": " + reason(failure);
            fix = "Check the disk and the folder, then try again.";
        }
        String kept = existed ? "Nothing was changed: " + target.getFileName() + " is as it was."
                : "No file was made.";
        return new UnwritableFileException("lakebook could not write " + target + ": " + why + ". " + kept + " "
                + fix, failure);
    }

    /** The operating system's words for the failure, without the path the exception's message starts with. */
    private static String reason(IOException failure) {
        if (failure instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(failure.getMessage());
    }

    /** The message alone: it is written for the person at the keyboard, who needs no class name. */
    @Override
    public String toString() {
        return getMessage();
    }
}
