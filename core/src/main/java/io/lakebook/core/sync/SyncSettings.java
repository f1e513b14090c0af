package io.lakebook.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.core.error.NotConfiguredException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code "sync"} object of {@code .databricks/lakebook.json}: whether the project's files are copied to the
 * cluster, what to leave out besides what git ignores, and how large a file and the whole project may be.
 *
 * @param enabled       false to run cells without copying any file
 * @param exclude       gitignore-style patterns, matched from the project's root, that never travel
 * @param maxFileBytes  the largest file that may travel
 * @param maxTotalBytes the most the project's files may weigh together
 */
public record SyncSettings(boolean enabled, List<String> exclude, long maxFileBytes, long maxTotalBytes) {
    public static final int DEFAULT_MAX_FILE_MB = 10;
    public static final int DEFAULT_MAX_TOTAL_MB = 100;
    public static final SyncSettings DEFAULTS = new SyncSettings(true, List.of(), mb(DEFAULT_MAX_FILE_MB),
            mb(DEFAULT_MAX_TOTAL_MB));

    public SyncSettings {
        exclude = List.copyOf(exclude);
    }

    /**
     * Reads the {@code "sync"} object; absent keys keep their defaults.
     *
     * @throws NotConfiguredException naming the key, the file and what is expected
     */
    public static SyncSettings parse(JsonNode sync, Path file) {
        if (sync == null || sync.isNull()) {
            return DEFAULTS;
        }
        if (!sync.isObject()) {
            throw bad(file, "\"sync\" must be an object such as {\"exclude\": [\"data/\"], \"max_file_mb\": 10}");
        }
        boolean enabled = true;
        JsonNode flag = sync.get("enabled");
        if (flag != null && !flag.isNull()) {
            if (!flag.isBoolean()) {
                throw bad(file, "\"sync.enabled\" must be true or false");
            }
            enabled = flag.booleanValue();
        }
        return new SyncSettings(enabled, patterns(sync.get("exclude"), file),
                megabytes(sync.get("max_file_mb"), "max_file_mb", DEFAULT_MAX_FILE_MB, file),
                megabytes(sync.get("max_total_mb"), "max_total_mb", DEFAULT_MAX_TOTAL_MB, file));
    }

    private static List<String> patterns(JsonNode node, Path file) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        String expected = "\"sync.exclude\" must be a list of gitignore patterns such as [\"data/\", \"*.parquet\"]";
        if (!node.isArray()) {
            throw bad(file, expected);
        }
        List<String> patterns = new ArrayList<>();
        for (JsonNode pattern : node) {
            if (!pattern.isTextual() || pattern.asText().isBlank()) {
                throw bad(file, expected);
            }
            patterns.add(pattern.asText().strip());
        }
        return patterns;
    }

    private static long megabytes(JsonNode node, String key, int fallback, Path file) {
        if (node == null || node.isNull()) {
            return mb(fallback);
        }
        if (!node.isNumber() || node.asDouble() <= 0) {
            throw bad(file, "\"sync." + key + "\" must be a positive number of megabytes, such as " + fallback);
        }
        return (long) (node.asDouble() * 1024 * 1024);
    }

    private static NotConfiguredException bad(Path file, String what) {
        return new NotConfiguredException("In the project file " + file + ", " + what + ".");
    }

    static long mb(double megabytes) {
        return (long) (megabytes * 1024 * 1024);
    }

    /** Megabytes with one decimal, as the user writes them in the settings. */
    public static String describe(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
