package io.lakebook.bench;

import io.lakebook.bench.report.FigureResult;
import io.lakebook.bench.report.Report;
import io.lakebook.bench.report.Row;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark suite: measures every figure with its peers and writes the report. {@code bench/run.sh} builds
 * lakebook and runs this; {@code --help} lists the options. Exit status 0 when every figure was produced, 1 when
 * one failed (the report names the error), 2 for a wrong command line.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Report.Run report = run(options, shown(args), System.err);
        System.exit(report.figures().stream().noneMatch(FigureResult::failed) ? 0 : 1);
    }

    /** The command line as its user typed it: bench/run.sh adds --jar and --root itself. */
    private static String shown(String[] args) {
        StringBuilder command = new StringBuilder("./bench/run.sh");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--jar") || args[i].equals("--root")) {
                i++;
            } else {
                command.append(' ').append(args[i]);
            }
        }
        return command.toString();
    }

    /**
     * Runs the selected figures and writes the report to {@link BenchOptions#output()}.
     *
     * @param command the command line the report says produced it
     * @return what the report shows
     */
    public static Report.Run run(BenchOptions options, String command, PrintStream progress) throws Exception {
        ZonedDateTime started = ZonedDateTime.now();
        long start = System.nanoTime();
        List<FigureResult> results = new ArrayList<>();
        Report.Run report;
        try (Bench bench = new Bench(options)) {
            Machine machine = bench.machine();
            for (Figure figure : Figures.all()) {
                if (options.selected(figure.id())) {
                    results.add(measure(bench, figure, progress));
                }
            }
            report = new Report.Run(options.quick(), command, machine.facts(), machine.versions(), results, started,
                    Duration.ofNanos(System.nanoTime() - start));
        }
        Files.createDirectories(options.output().toAbsolutePath().getParent());
        Files.writeString(options.output(), Report.markdown(report));
        progress.println("bench: wrote " + options.output() + " in " + report.took().toSeconds() + " s");
        return report;
    }

    private static FigureResult measure(Bench bench, Figure figure, PrintStream progress) {
        progress.println("bench: " + figure.title() + "…");
        bench.beginFigure(figure.title());
        long start = System.nanoTime();
        List<Row> rows;
        boolean failed = false;
        try {
            rows = figure.measure(bench);
        } catch (Exception | AssertionError e) {
            failed = true;
            e.printStackTrace(progress);
            rows = List.of(Row.notMeasured(figure.title(), "the whole figure", "failed: " + e));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (Row row : rows) {
            progress.println("bench:   " + row.measure() + ": " + row.lakebook().map(s -> s.describe()).orElse(
                    row.note()) + row.ratio().map(r -> String.format(java.util.Locale.ROOT, ", %.2f× the peer", r))
                    .orElse("") + (row.target().isPresent() ? ", target " + row.verdict().name().toLowerCase(
                    java.util.Locale.ROOT) : ""));
        }
        return new FigureResult(figure.id(), figure.title(), rows, bench.commands().getOrDefault(figure.title(),
                List.of()), took, failed);
    }
}
