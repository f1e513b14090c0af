package io.lakebook.installer.run;

import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.remote.Execution;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Records a run cell by cell and writes it as a Markdown report ({@code lakebook run --report FILE}). */
public final class RunReport implements NotebookRunner.Listener {

    private record Cell(int number, String firstLine, Execution.Status status, Duration took, String outputs,
                        ErrorOutput error) {
    }

    private final String notebook;
    private final String cluster;
    private final Instant started = Instant.now();
    private final List<Cell> cells = new ArrayList<>();
    private String currentLine = "";
    private long currentStart;

    public RunReport(String notebook, String cluster) {
        this.notebook = notebook;
        this.cluster = cluster;
    }

    @Override
    public void cellStarted(int number, String firstLine) {
        currentLine = firstLine;
        currentStart = System.nanoTime();
    }

    @Override
    public void cellFinished(int number, Execution execution) {
        cells.add(new Cell(number, currentLine, execution.status(), Duration.ofNanos(System.nanoTime() - currentStart),
                summary(execution.outputs()), execution.error().orElse(null)));
    }

    /** The report as Markdown. */
    public String markdown(NotebookRunner.Result result) {
        StringBuilder md = new StringBuilder();
        md.append("# lakebook run: ").append(notebook).append("\n\n");
        md.append("- Started: ").append(DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(ChronoUnit.SECONDS)))
                .append("\n- Cluster: ").append(cluster)
                .append("\n- Duration: ").append(seconds(Duration.between(started, Instant.now()))).append(" s")
                .append("\n- Result: ").append(result.failed() == 0 ? "all " + result.cellsRun() + " cells ran"
                        : result.failed() + " of " + result.cellsRun() + " cells failed")
                .append(result.stoppedEarly() ? "; the run stopped at the first failure" : "").append("\n\n");
        md.append("| cell | status | seconds | outputs | code |\n|---:|---|---:|---|---|\n");
        for (Cell cell : cells) {
            md.append("| ").append(cell.number()).append(" | ").append(status(cell)).append(" | ")
                    .append(seconds(cell.took())).append(" | ").append(cell.outputs()).append(" | `")
                    .append(cell.firstLine().replace("|", "\\|").replace("`", "'")).append("` |\n");
        }
        for (Cell cell : cells) {
            if (cell.error() != null) {
                md.append("\n## Cell ").append(cell.number()).append(" failed\n\n```\n").append(cell.error().name())
                        .append(": ").append(cell.error().message()).append("\n```\n");
            }
        }
        return md.toString();
    }

    private static String status(Cell cell) {
        return switch (cell.status()) {
            case OK -> "ok";
            case ERROR -> "**failed**";
            case CANCELLED -> "cancelled";
        };
    }

    private static String summary(List<Output> outputs) {
        if (outputs.isEmpty()) {
            return "none";
        }
        List<String> kinds = new ArrayList<>();
        for (Output output : outputs) {
            String kind = output.getClass().getSimpleName().replace("Output", "").toLowerCase(Locale.ROOT);
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        return String.join(", ", kinds);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
