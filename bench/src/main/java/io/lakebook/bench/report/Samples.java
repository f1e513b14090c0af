package io.lakebook.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Repeated measurements of one quantity, after warm-up, in one unit. Figures are compared by their medians: on a
 * shared machine one slow run says more about the neighbours than about the code.
 *
 * @param unit   what a value counts: {@code ms}, {@code MB}, {@code polls}
 * @param values one per run, in the order measured
 */
public record Samples(String unit, List<Double> values) {

    public Samples {
        Objects.requireNonNull(unit, "unit");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurement of " + unit + " was taken");
        }
    }

    public static Samples of(String unit, List<? extends Number> values) {
        return new Samples(unit, values.stream().map(Number::doubleValue).toList());
    }

    public static Samples one(String unit, double value) {
        return new Samples(unit, List.of(value));
    }

    public double median() {
        List<Double> sorted = sorted();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    public double min() {
        return sorted().get(0);
    }

    public double max() {
        return sorted().get(values.size() - 1);
    }

    public int count() {
        return values.size();
    }

    /** {@code 231 ms (min 198, max 305, n=15)}; a single value is shown alone. */
    public String describe() {
        if (values.size() == 1) {
            return Numbers.format(values.get(0)) + " " + unit;
        }
        return Numbers.format(median()) + " " + unit + " (min " + Numbers.format(min()) + ", max "
                + Numbers.format(max()) + ", n=" + values.size() + ")";
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
