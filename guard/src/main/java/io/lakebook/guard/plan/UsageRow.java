package io.lakebook.guard.plan;

import java.time.Instant;

/**
 * What one user spent on one endpoint's model this period, as the warehouse aggregated it: tokens per price segment
 * (segment {@code i} runs from {@link UsageWindow#segmentStarts()}{@code [i]} to the next start), tokens in the
 * burn window, and the newest request seen.
 */
public record UsageRow(String user, String endpoint, String model, long[] inputTokens, long[] outputTokens,
                       long recentInputTokens, long recentOutputTokens, Instant lastRequest) {
}
