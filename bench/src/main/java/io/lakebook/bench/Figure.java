package io.lakebook.bench;

import io.lakebook.bench.report.Row;

import java.util.List;

/**
 * One figure of the report: it measures lakebook and, when the target is a ratio, its peer in the same run, and
 * returns one row per quantity. Figures are listed in {@link Figures}; one that another module provides is found
 * through {@link java.util.ServiceLoader}, so adding a figure is one class and one line in {@code META-INF/services}.
 */
public interface Figure {

    /** A short, stable name, used by {@code --only}: {@code kernel-start}. */
    String id();

    /** The heading in the report: {@code Kernel start to kernel_info_reply}. */
    String title();

    /** Measures, running the commands through {@code bench} so that the report lists them. */
    List<Row> measure(Bench bench) throws Exception;
}
