package io.lakebook.core.sync;

/**
 * A file or folder of the project that does not travel to the cluster, and why.
 *
 * @param path   from the project's root; a folder ends with {@code /} and stands for everything in it
 * @param reason for the user, such as "matched a rule in src/.gitignore"
 */
public record LeftOut(String path, String reason) {
}
