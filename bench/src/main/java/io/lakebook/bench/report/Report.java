package io.lakebook.bench.report;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes the suite's results as {@code docs/benchmarks.md}. */
public final class Report {

    /**
     * Everything the report shows.
     *
     * @param quick    whether the run was a quick one, whose figures say nothing about speed
     * @param command  the command line that produced it
     * @param facts    the machine
     * @param versions the versions of what was measured
     */
    public record Run(boolean quick, String command, Map<String, String> facts, Map<String, String> versions,
                      List<FigureResult> figures, ZonedDateTime started, Duration took) {
    }

    private Report() {
    }

    public static String markdown(Run run) {
        StringBuilder out = new StringBuilder("# lakebook benchmarks\n\n");
        introduction(run, out);
        results(run, out);
        details(run, out);
        machine(run, out);
        reproduce(run, out);
        return out.toString();
    }

    private static void introduction(Run run, StringBuilder out) {
        out.append("lakebook's speed and memory side by side with its peers, produced by `").append(run.command())
                .append("` on ").append(run.started().withZoneSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append(" in ")
                .append(minutes(run.took())).append(". Every peer ran in the same run, on the same machine, ")
                .append("against the same emulated workspace on loopback, warmed the same way. A figure is the median ")
                .append("of repeated runs after warm-up, with the fastest and slowest; a ratio is lakebook's median ")
                .append("over the peer's. The machine is shared with other work, so compare ratios rather than times ")
                .append("between runs.\n\n");
        if (run.quick()) {
            out.append("**This is a quick run** (`--quick`): a few repetitions of each figure, made to show that the ")
                    .append("suite works. Its figures say nothing about speed.\n\n");
        }
    }

    private static void results(Run run, StringBuilder out) {
        out.append("## Results\n\n| figure | lakebook | peer, same run | ratio | target | |\n")
                .append("|---|---|---|---|---|---|\n");
        for (FigureResult figure : run.figures()) {
            for (Row row : figure.rows()) {
                out.append("| ").append(cell(figure.title() + ": " + row.measure())).append(" | ")
                        .append(row.lakebook().map(Samples::describe).orElse("—")).append(" | ")
                        .append(row.peer().map(p -> cell(p.name()) + ": " + p.samples().describe()).orElse("—"))
                        .append(" | ").append(row.ratio().map(Numbers::ratio).orElse("—")).append(" | ")
                        .append(target(row)).append(" | ").append(verdict(row)).append(" |\n");
            }
        }
        out.append('\n');
    }

    private static void details(Run run, StringBuilder out) {
        out.append("## How each figure was measured\n\nIn the commands, `$WORK` is the run's scratch folder, and "
                + "paths are relative to the repository.\n");
        for (FigureResult figure : run.figures()) {
            out.append("\n### ").append(figure.title()).append("\n\n");
            for (Row row : figure.rows()) {
                String summary = summary(row);
                out.append("- ").append(row.measure()).append(": ").append(summary);
                if (!row.note().isEmpty()) {
                    out.append(summary.isEmpty() ? "" : " ").append(row.note());
                }
                if (row.verdict() == Row.Verdict.MISSED && !row.ifMissed().isEmpty()) {
                    out.append("\n  **Target missed.** ").append(row.ifMissed());
                }
                out.append('\n');
            }
            if (!figure.commands().isEmpty()) {
                out.append("\nCommands (").append(seconds(figure.took())).append("):\n\n");
                figure.commands().forEach(command -> out.append("    ").append(command).append('\n'));
            }
        }
        out.append('\n');
    }

    private static void machine(Run run, StringBuilder out) {
        out.append("## Machine and versions\n\n| | |\n|---|---|\n");
        run.facts().forEach((name, value) -> out.append("| ").append(name).append(" | ").append(cell(value))
                .append(" |\n"));
        run.versions().forEach((name, value) -> out.append("| ").append(name).append(" | ").append(cell(value))
                .append(" |\n"));
        out.append('\n');
    }

    private static void reproduce(Run run, StringBuilder out) {
        out.append("## Reproduce\n\n")
                .append("    ./bench/run.sh                          # the whole suite; writes docs/benchmarks.md\n")
                .append("    ./bench/run.sh --repeat 0.5             # half the repetitions (2 doubles them)\n")
                .append("    ./bench/run.sh --only kernel-start,cell # some figures: ")
                .append(String.join(", ", run.figures().stream().map(FigureResult::id).toList())).append('\n')
                .append("    ./bench/run.sh --quick --output /tmp/b.md  # a few repetitions, to check the suite\n\n")
                .append("The suite needs what `./test.sh` installs (Debian's Jupyter packages, Node.js and npm).\n");
    }

    private static String summary(Row row) {
        if (row.lakebook().isEmpty()) {
            return row.note().isEmpty() ? "not measured." : "";
        }
        StringBuilder text = new StringBuilder(row.lakebook().get().describe());
        row.peer().ifPresent(peer -> text.append(" against ").append(peer.samples().describe()).append(" for ")
                .append(peer.name()));
        row.ratio().ifPresent(ratio -> text.append(" (").append(Numbers.ratio(ratio)).append(')'));
        row.target().ifPresent(target -> text.append("; target ").append(target(row)).append(", ")
                .append(verdict(row)));
        return text.append('.').toString();
    }

    private static String target(Row row) {
        Optional<String> unit = row.lakebook().map(Samples::unit);
        return row.target().map(t -> t.describe(unit.orElse(""))).orElse("—");
    }

    private static String verdict(Row row) {
        return switch (row.verdict()) {
            case MET -> "met";
            case MISSED -> "**missed**";
            case INFORMATION -> "";
            case NOT_MEASURED -> cell(row.note());
        };
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String minutes(Duration took) {
        long seconds = took.toSeconds();
        return seconds < 90 ? seconds + " s" : (seconds + 30) / 60 + " min";
    }

    private static String seconds(Duration took) {
        return Numbers.format(took.toMillis() / 1000.0) + " s";
    }
}
