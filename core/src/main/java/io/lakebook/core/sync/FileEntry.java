package io.lakebook.core.sync;

/**
 * One file of the project as both sides know it.
 *
 * @param path the path from the project's root, with {@code /} between names
 * @param size its size in bytes
 * @param hash the first 32 hex digits of the SHA-256 of its content
 */
public record FileEntry(String path, long size, String hash) {
}
