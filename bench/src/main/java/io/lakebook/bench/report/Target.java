package io.lakebook.bench.report;

import java.util.Optional;

/**
 * What a figure must reach: at most a multiple of its peer's median, or at most a value in its own unit.
 *
 * @param ratio true when {@link #limit} is a multiple of the peer, false when it is a value in the figure's unit
 * @param limit the largest median that meets the target
 */
public record Target(boolean ratio, double limit) {

    public static Target ratioAtMost(double limit) {
        return new Target(true, limit);
    }

    public static Target atMost(double limit) {
        return new Target(false, limit);
    }

    /** Whether {@code measured} meets it; a ratio target cannot be judged without the peer. */
    public boolean metBy(Samples measured, Optional<Samples> peer) {
        if (ratio) {
            return peer.map(p -> measured.median() <= limit * p.median()).orElse(false);
        }
        return measured.median() <= limit;
    }

    public String describe(String unit) {
        return ratio ? "≤ " + Numbers.ratio(limit) : "≤ " + Numbers.format(limit) + " " + unit;
    }
}
