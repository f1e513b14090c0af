package io.lakebook.emulator.workspace;

/**
 * What the workspace tree keeps per object. Notebooks keep their Databricks source text; files keep their bytes.
 *
 * @param type     NOTEBOOK, DIRECTORY or FILE (reference §5.1)
 * @param language the notebook's language, else null
 * @param content  source text of a notebook (UTF-8), bytes of a file, empty for a directory
 */
record WorkspaceObject(String path, String type, long objectId, String language, byte[] content, long createdAt,
                       long modifiedAt) {

    ObjectInfo info() {
        Long size = type.equals("FILE") ? (long) content.length : null;
        return new ObjectInfo(path, type, objectId, language, Long.toString(objectId), createdAt, modifiedAt, size);
    }

    boolean isDirectory() {
        return type.equals("DIRECTORY");
    }
}
