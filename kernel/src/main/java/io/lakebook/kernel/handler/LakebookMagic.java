package io.lakebook.kernel.handler;

import io.lakebook.core.config.CellTimeout;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.SessionStatus;
import io.lakebook.core.output.Html;
import io.lakebook.kernel.session.LazySession;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code %lakebook}: what the session is (workspace, cluster, state, context, links to the Spark UI and the driver
 * logs), what it can do to its cluster, and which project files the next cell copies there ({@code sync}). Each
 * answer is a MIME bundle to display.
 */
final class LakebookMagic {
    static final String USAGE = "Usage: %lakebook [status | start | restart | cluster <cluster-id> | "
            + "timeout <90s|15m|2h|off> | sync]";

    private final LazySession session;

    LakebookMagic(LazySession session) {
        this.session = session;
    }

    List<Map<String, Object>> run(List<String> arguments, ProgressListener progress) throws InterruptedException {
        String command = arguments.isEmpty() ? "status" : arguments.get(0);
        List<String> rest = arguments.subList(Math.min(1, arguments.size()), arguments.size());
        return switch (command) {
            case "status" -> List.of(status());
            case "start" -> {
                session.current().startCluster(progress);
                yield List.of(text("Cluster " + session.current().info().clusterId() + " is running."));
            }
            case "restart" -> {
                session.current().restartCluster(progress);
                yield List.of(text("Cluster " + session.current().info().clusterId() + " restarted and is running. "
                        + "Variables from earlier cells are gone; the next cell runs in a fresh context."));
            }
            case "cluster" -> List.of(switchCluster(rest));
            case "timeout" -> List.of(timeout(rest));
            case "sync" -> List.of(text(session.current().syncReport()));
            default -> throw new LakebookException("%lakebook does not know '" + command + "'. " + USAGE);
        };
    }

    private Map<String, Object> status() {
        SessionStatus status = session.current().status();
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("Workspace", status.host());
        rows.put("Cluster", status.clusterName().isEmpty() ? status.clusterId()
                : status.clusterName() + " (" + status.clusterId() + ")");
        rows.put("State", status.state() + (status.stateMessage().isEmpty() ? "" : ": " + status.stateMessage()));
        rows.put("Context", status.contextId().orElse("none yet (created by the next cell)"));
        rows.put("Cell timeout", status.cellTimeout().map(CellTimeout::describe).orElse("none"));
        rows.put("Spark UI", status.sparkUiUrl());
        rows.put("Driver logs", status.driverLogsUrl());
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder("<table>");
        rows.forEach((name, value) -> {
            plain.append(String.format("%-13s %s%n", name + ":", value));
            String shown = value.startsWith("http") ? "<a href=\"" + Html.escape(value) + "\" target=\"_blank\">"
                    + Html.escape(value) + "</a>" : Html.escape(value);
            html.append("<tr><th style=\"text-align:left\">").append(Html.escape(name)).append("</th><td>")
                    .append(shown).append("</td></tr>");
        });
        return Map.of("text/plain", plain.toString().stripTrailing(), "text/html", html.append("</table>")
                .toString());
    }

    private Map<String, Object> switchCluster(List<String> rest) {
        if (rest.size() != 1) {
            throw new LakebookException("%lakebook cluster needs the id of the cluster to move to, for example "
                    + "`%lakebook cluster 0123-456789-abcdefgh`. " + USAGE);
        }
        session.current().switchCluster(rest.get(0));
        return text("This notebook now runs on cluster " + rest.get(0) + ". Variables from the earlier context are "
                + "gone; the next cell starts the cluster if needed and runs in a fresh context.");
    }

    private Map<String, Object> timeout(List<String> rest) {
        if (rest.isEmpty()) {
            Optional<Duration> limit = session.current().cellTimeout();
            return text(limit.map(d -> "Cells are cancelled after " + CellTimeout.describe(d) + ".")
                    .orElse("Cells run without a time limit."));
        }
        Optional<Duration> limit = CellTimeout.parse(String.join(" ", rest), "%lakebook timeout");
        session.current().cellTimeout(limit);
        return text(limit.map(d -> "Cells that run longer than " + CellTimeout.describe(d)
                + " are now cancelled on the cluster.").orElse("Cells now run without a time limit."));
    }

    private static Map<String, Object> text(String line) {
        return Map.of("text/plain", line);
    }
}
