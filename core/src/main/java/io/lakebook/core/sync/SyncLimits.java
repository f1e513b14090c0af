package io.lakebook.core.sync;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The checks on sizes that run before anything travels: a too-large project stops the cell instead of the upload. */
public final class SyncLimits {
    private static final int OFFENDERS = 5;

    private SyncLimits() {
    }

    /**
     * @param settingsFile where the limits are set, for the message
     * @throws SyncException naming the largest files (and folders), and how to leave them out or raise the limit
     */
    public static void check(Scan scan, SyncSettings settings, String settingsFile) {
        List<FileEntry> tooLarge = scan.files().values().stream().filter(f -> f.size() > settings.maxFileBytes())
                .sorted(Comparator.comparingLong(FileEntry::size).reversed()).toList();
        if (!tooLarge.isEmpty()) {
            throw new SyncException(tooLarge.size() + (tooLarge.size() == 1 ? " file is" : " files are")
                    + " larger than the limit for one file (sync.max_file_mb, " + SyncSettings.describe(
                    settings.maxFileBytes()) + "): " + list(tooLarge) + ". The cell did not run. "
                    + howToExclude(tooLarge.get(0).path(), "max_file_mb", settingsFile));
        }
        long total = scan.totalBytes();
        if (total > settings.maxTotalBytes()) {
            throw new SyncException("The project's files weigh " + SyncSettings.describe(total) + ", more than the "
                    + "limit for the whole project (sync.max_total_mb, " + SyncSettings.describe(
                    settings.maxTotalBytes()) + "). Largest folders: " + folders(scan) + "; largest files: "
                    + list(scan.largest(OFFENDERS)) + ". The cell did not run. "
                    + howToExclude(scan.largest(1).get(0).path(), "max_total_mb", settingsFile));
        }
    }

    private static String list(List<FileEntry> files) {
        String shown = files.stream().limit(OFFENDERS).map(f -> f.path() + " (" + SyncSettings.describe(f.size())
                + ")").collect(Collectors.joining(", "));
        return files.size() > OFFENDERS ? shown + " and " + (files.size() - OFFENDERS) + " more" : shown;
    }

    private static String folders(Scan scan) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (FileEntry file : scan.files().values()) {
            int slash = file.path().indexOf('/');
            sizes.merge(slash < 0 ? "(top level)" : file.path().substring(0, slash + 1), file.size(), Long::sum);
        }
        return sizes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> e.getKey() + " (" + SyncSettings.describe(e.getValue()) + ")")
                .collect(Collectors.joining(", "));
    }

    private static String howToExclude(String example, String limitKey, String settingsFile) {
        return "Leave files out with a line such as `" + example + "` in .gitignore, or with "
                + "\"sync\": {\"exclude\": [\"" + example + "\"]} in " + settingsFile + "; or raise \"sync\": {\""
                + limitKey + "\": …} there.";
    }
}
