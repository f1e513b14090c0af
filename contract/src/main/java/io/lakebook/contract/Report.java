package io.lakebook.contract;

import io.lakebook.core.Lakebook;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a run found, as text a user can paste into an issue: no token, no data, only the behaviours checked, how each
 * ended, and what the run cleaned up.
 */
public record Report(String host, TargetOptions options, List<CheckResult> results, List<String> cleanUp,
                     Duration took) {

    public Report {
        results = List.copyOf(results);
        cleanUp = List.copyOf(cleanUp);
    }

    public long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** True when nothing differed and the clean-up removed everything. */
    public boolean passed() {
        return count(Outcome.DIFFERED) == 0 && cleanUp.stream().noneMatch(line -> line.startsWith("NOT "));
    }

    /** One line per check, as printed while the run goes on. */
    public static String line(CheckResult result) {
        String detail = result.detail().isEmpty() ? "" : "\n           " + result.detail().replace("\n", " ");
        return String.format(Locale.ROOT, "%-8s %-14s %s (%.1f s)%s", result.outcome(), result.check().reference(),
                result.check().title(), result.took().toMillis() / 1000.0, detail);
    }

    /** The whole report. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("lakebook selftest ").append(Lakebook.VERSION).append(" against ").append(host).append('\n');
        out.append("cluster: ").append(options.clusterId().orElse("none chosen"))
                .append(options.startCluster() ? " (may be started)" : " (not started by the run)")
                .append("; warehouse: ").append(options.warehouseId().orElse("none chosen")).append('\n');
        for (CheckResult result : results) {
            out.append(line(result)).append('\n');
        }
        out.append(summary()).append('\n');
        out.append("clean-up:").append(cleanUp.isEmpty() ? " nothing was made" : "").append('\n');
        cleanUp.forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    public String summary() {
        long permission = results.stream().filter(CheckResult::permission).count();
        return String.format(Locale.ROOT, "%d passed, %d differed, %d skipped (%d for lack of permission) in %.0f s",
                count(Outcome.PASSED), count(Outcome.DIFFERED), count(Outcome.SKIPPED), permission,
                took.toMillis() / 1000.0);
    }
}
