package io.lakebook.contract;

import io.lakebook.core.Lakebook;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a run found, as text a user can paste into an issue: the workspace's address, the ids chosen, the signed-in
 * user's name (in the scratch folder's path), the behaviours checked and how each ended, what the workspace said
 * where it differed, and what the run cleaned up. No token, no table data.
 *
 * @param signIn       where the host and credentials came from
 * @param clusterState the chosen cluster's state when the run began, or null when none was chosen
 * @param planned      how many checks the run was to go through; fewer results mean it was stopped
 */
public record Report(String host, String signIn, TargetOptions options, String clusterState,
                     List<CheckResult> results, int planned, List<String> cleanUp, Duration took) {

    /** Says what the sources in the lines are, for a reader who has only the report. */
    public static final String SOURCES = "Each check names where its behaviour is written: a page of the Databricks "
            + "documentation, or the source of a Databricks SDK where the SDK's code is what states it. A check marked "
            + "\"does not state this behaviour\" records what the workspace does where no public page says it; "
            + "lakebook relies on it all the same.";

    public Report {
        results = List.copyOf(results);
        cleanUp = List.copyOf(cleanUp);
    }

    public long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** True when every check ran, nothing differed and the clean-up removed everything. */
    public boolean passed() {
        return complete() && count(Outcome.DIFFERED) == 0
                && cleanUp.stream().noneMatch(line -> line.startsWith("NOT "));
    }

    /** False when the run was stopped before its last check. */
    public boolean complete() {
        return results.size() == planned;
    }

    /**
     * One check as printed while the run goes on: outcome, title and time, then what differed or was seen, then
     * where the expected behaviour is written, always for a check that differed and for every check when
     * {@code withSource}.
     */
    public static String line(CheckResult result, boolean withSource) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %s (%.1f s)", result.outcome(),
                result.check().title(), result.took().toMillis() / 1000.0));
        if (!result.detail().isEmpty()) {
            line.append("\n           ").append(result.detail().replace("\n", " "));
        }
        if (withSource || result.outcome() == Outcome.DIFFERED) {
            line.append("\n           documented: ").append(result.check().source().describe());
        }
        return line.toString();
    }

    /** The whole report, every check with where its behaviour is written. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("lakebook selftest ").append(Lakebook.VERSION).append(" against ").append(host).append('\n');
        out.append("signed in with: ").append(signIn).append('\n');
        out.append(clusterLine()).append("; warehouse: ").append(options.warehouseId().orElse("none chosen"))
                .append('\n');
        out.append(SOURCES).append('\n');
        for (CheckResult result : results) {
            out.append(line(result, true)).append('\n');
        }
        out.append(summary()).append('\n');
        out.append("clean-up:").append(cleanUp.isEmpty() ? " nothing was made" : "").append('\n');
        cleanUp.forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    private String clusterLine() {
        return clusterLine(options, clusterState);
    }

    /** {@code cluster: ID, TERMINATED when the run began (…)}, as the header of the report and of a run says. */
    public static String clusterLine(TargetOptions options, String clusterState) {
        if (options.clusterId().isEmpty()) {
            return "cluster: none chosen";
        }
        return "cluster: " + options.clusterId().get() + ", " + clusterState + " when the run began"
                + (options.startCluster() ? " (started if TERMINATED, then terminated again at the end)"
                : " (never started by the run)");
    }

    public String summary() {
        long permission = results.stream().filter(CheckResult::permission).count();
        String stopped = complete() ? "" : String.format(Locale.ROOT, "; stopped after %d of %d checks",
                results.size(), planned);
        return String.format(Locale.ROOT, "%d passed, %d differed, %d skipped (%d for lack of permission) in %.0f s%s",
                count(Outcome.PASSED), count(Outcome.DIFFERED), count(Outcome.SKIPPED), permission,
                took.toMillis() / 1000.0, stopped);
    }
}
