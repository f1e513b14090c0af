package io.lakebook.core.notebook;

/**
 * The notebook changed on disk since the caller read it (an editor autosaved, another call wrote it), so the write
 * was refused and the file left as it was.
 */
public final class VersionConflictException extends NotebookException {
    private final String currentVersion;

    public VersionConflictException(String message, String currentVersion) {
        super(message);
        this.currentVersion = currentVersion;
    }

    /** The version the file has now. */
    public String currentVersion() {
        return currentVersion;
    }
}
