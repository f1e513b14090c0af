package io.lakebook.guard.plan;

import java.time.Instant;
import java.util.List;

/**
 * The times a usage read covers: the period's start, the starts of its price segments (the first is the period's
 * start; each later one is a price change), and where the burn window begins.
 */
public record UsageWindow(Instant periodStart, List<Instant> segmentStarts, Instant recentFrom, Instant now) {

    public UsageWindow {
        segmentStarts = List.copyOf(segmentStarts);
    }
}
