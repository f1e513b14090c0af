package io.lakebook.bench.figures;

import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.jmh.Jmh;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Samples;
import io.lakebook.bench.report.Target;
import io.lakebook.core.output.TableBundle;
import io.lakebook.core.remote.TableRenderBenchmark;

import java.util.List;
import java.util.Map;

/**
 * A 100,000-row table result made into the Jupyter message the kernel sends (JMH, {@link TableRenderBenchmark}),
 * and the memory that takes: the bytes allocated per rendering for 100,000 rows against 10,000, which stay the same
 * when what lakebook keeps and sends is bounded by its row cap.
 */
public final class TableRender implements Figure {
    private static final int ROWS = 100_000;
    private static final int FEWER = 10_000;

    @Override
    public String id() {
        return "table";
    }

    @Override
    public String title() {
        return "A 100,000-row table result rendered to a Jupyter message";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        Jmh.Measured whole = Jmh.run(bench, TableRenderBenchmark.class, "fromAnswer", Map.of("rows",
                String.valueOf(ROWS)), false);
        Jmh.Measured many = Jmh.run(bench, TableRenderBenchmark.class, "fromParsedAnswer", Map.of("rows",
                String.valueOf(ROWS)), true);
        Jmh.Measured fewer = Jmh.run(bench, TableRenderBenchmark.class, "fromParsedAnswer", Map.of("rows",
                String.valueOf(FEWER)), true);
        long messageBytes = messageBytes(ROWS);
        long fewerMessageBytes = messageBytes(FEWER);
        double manyMb = many.allocatedBytesPerOperation().orElseThrow() / 1024 / 1024;
        double fewerMb = fewer.allocatedBytesPerOperation().orElseThrow() / 1024 / 1024;
        String cap = String.format(java.util.Locale.ROOT, "%,d", TableBundle.ROW_CAP);
        return List.of(
                Row.measured(title(), "status answer (" + String.format(java.util.Locale.ROOT, "%,d", ROWS)
                        + " rows) to signed display_data frames", whole.time(), null, Target.atMost(300))
                        .withNote("Parsing by databricks-sdk-java included; JMH, average time per rendering. A "
                                + "display() on a cluster returns at most 1,000 rows and says it was truncated, so "
                                + "100,000 rows arrive only where that limit was raised.")
                        .ifMissed("Parsing the answer's 100,000 rows is databricks-sdk-java's; lakebook keeps and "
                                + "renders only the first rows a front end shows."),
                Row.measured(title(), "lakebook's part alone: parsed answer to frames", many.time(), null, null),
                Row.measured(title(), "memory allocated per rendering, 100,000 rows against 10,000",
                                Samples.one("MB", manyMb), new Row.Peer("the same with 10,000 rows",
                                        Samples.one("MB", fewerMb)), Target.ratioAtMost(1.1))
                        .withNote("JMH's GC profiler, bytes allocated per rendering of the parsed answer. The message "
                                + "shows at most " + cap + " rows: it is " + String.format(java.util.Locale.ROOT,
                                "%,d bytes for 100,000 rows and %,d bytes for 10,000.", messageBytes,
                                fewerMessageBytes))
                        .ifMissed("Memory that grows with the rows beyond the cap means some step copies every "
                                + "row of the result; the table output keeps only the first " + cap + "."));
    }

    private static long messageBytes(int rows) throws Exception {
        TableRenderBenchmark benchmark = new TableRenderBenchmark();
        benchmark.rows = rows;
        return benchmark.renderOnce().stream().mapToLong(frame -> frame.length).sum();
    }
}
