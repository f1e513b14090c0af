package io.lakebook.bench.jmh;

import io.lakebook.bench.Bench;
import io.lakebook.bench.report.Samples;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs JMH benchmarks for a figure: one fork with the JVM options lakebook's kernel runs with (from its installed
 * kernel spec), warm-up iterations, then measured iterations whose scores become the figure's samples. A quick run
 * measures in this JVM, a few short iterations.
 */
public final class Jmh {

    private Jmh() {
    }

    /** What one benchmark measured: its time per operation, and the bytes it allocated per operation. */
    public record Measured(Samples time, Optional<Double> allocatedBytesPerOperation) {
    }

    /**
     * Runs {@code method} of {@code benchmark} with {@code params} and returns its iterations' scores.
     *
     * @param gc whether to also count allocation (JMH's GC profiler)
     */
    public static Measured run(Bench bench, Class<?> benchmark, String method, Map<String, String> params,
                               boolean gc) throws IOException, InterruptedException {
        boolean quick = bench.options().quick();
        List<String> jvm = kernelJvmOptions(bench);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$")
                .forks(quick ? 0 : 1)
                .warmupIterations(quick ? 1 : bench.repetitions(5, 1))
                .warmupTime(TimeValue.milliseconds(quick ? 100 : 1000))
                .measurementIterations(quick ? 2 : bench.repetitions(10, 2))
                .measurementTime(TimeValue.milliseconds(quick ? 100 : 1000))
                .jvmArgs(jvm.toArray(String[]::new))
                .shouldFailOnError(true)
                .output(bench.work().resolve("jmh-" + benchmark.getSimpleName() + "-" + method + ".log").toString());
        params.forEach(options::param);
        if (gc) {
            options.addProfiler(GCProfiler.class);
        }
        bench.record("JMH " + benchmark.getName() + "." + method + " " + params + ", " + (quick ? "in the suite's JVM"
                : "1 fork with " + String.join(" ", jvm)) + ", " + (quick ? 1 : bench.repetitions(5, 1))
                + " warm-up and " + (quick ? 2 : bench.repetitions(10, 2)) + " measured iterations of "
                + (quick ? "0.1" : "1") + " s");
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (org.openjdk.jmh.runner.RunnerException e) {
            throw new IllegalStateException("JMH could not run " + benchmark.getSimpleName() + "." + method + ": "
                    + e.getMessage() + " (its log is in the run's folder)", e);
        }
        RunResult result = results.iterator().next();
        return new Measured(scores(result), allocation(result));
    }

    private static Samples scores(RunResult result) {
        List<Double> values = new ArrayList<>();
        String unit = "ms";
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            BenchmarkParams params = fork.getParams();
            unit = params.getTimeUnit().toString().equals("MILLISECONDS") ? "ms" : fork.getScoreUnit();
            for (IterationResult iteration : fork.getIterationResults()) {
                values.add(iteration.getPrimaryResult().getScore());
            }
        }
        return Samples.of(unit, values);
    }

    private static Optional<Double> allocation(RunResult result) {
        for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
            if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                return Optional.of(secondary.getValue().getScore());
            }
        }
        return Optional.empty();
    }

    /** The kernel's own JVM options, without those that only make sense for its jar (its class-data archive). */
    private static List<String> kernelJvmOptions(Bench bench) throws IOException, InterruptedException {
        return bench.lakebookCommand().stream()
                .filter(option -> option.startsWith("-X") && !option.startsWith("-XX:SharedArchiveFile")
                        && !option.startsWith("-Xlog") && !option.startsWith("-Xshare"))
                .toList();
    }
}
