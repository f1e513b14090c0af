package io.lakebook.core.sync;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a look at the project found: the files that travel, by path, and what was left out.
 *
 * @param files   the files that travel, sorted by path
 * @param leftOut what does not travel, and why, in the order found
 */
public record Scan(SortedMap<String, FileEntry> files, List<LeftOut> leftOut) {
    public Scan {
        files = java.util.Collections.unmodifiableSortedMap(files instanceof TreeMap<String, FileEntry> sorted
                ? sorted : new TreeMap<>(files));
        leftOut = List.copyOf(leftOut);
    }

    public long totalBytes() {
        return files.values().stream().mapToLong(FileEntry::size).sum();
    }

    /** The {@code count} largest files, largest first. */
    public List<FileEntry> largest(int count) {
        return files.values().stream().sorted(Comparator.comparingLong(FileEntry::size).reversed()).limit(count)
                .toList();
    }

    /** The files as a plain map, for diffing. */
    public Map<String, FileEntry> asMap() {
        return files;
    }
}
