package io.lakebook.bench.report;

import java.util.Locale;

/** Numbers as the report prints them: as many digits as the size of the value makes worth reading. */
public final class Numbers {

    private Numbers() {
    }

    public static String format(double value) {
        double size = Math.abs(value);
        if (size >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (size >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return size >= 1 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A ratio such as {@code 0.62×}; a tiny one keeps two significant digits: {@code 0.00087×}. */
    public static String ratio(double value) {
        return value > 0 && value < 0.01 ? String.format(Locale.ROOT, "%.2g×", value)
                : String.format(Locale.ROOT, "%.2f×", value);
    }
}
