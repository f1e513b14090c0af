package io.lakebook.emulator.sql;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code system.serving.endpoint_usage} (gateway-budgets §1.1), for tests that need usage to exist.
 * Counts may be null, as in the real table when a model returns none.
 */
public record EndpointUsage(String databricksRequestId, String clientRequestId, String requester, int statusCode,
                            Instant requestTime, Long inputTokenCount, Long outputTokenCount,
                            Long inputCharacterCount, Long outputCharacterCount, Map<String, String> usageContext,
                            boolean requestStreaming, String servedEntityId) {

    /** A successful, non-streaming request of {@code requester} with the given token counts. */
    public static EndpointUsage of(String requester, String servedEntityId, Instant requestTime, long inputTokens,
                                   long outputTokens) {
        return new EndpointUsage(java.util.UUID.randomUUID().toString(), null, requester, 200, requestTime,
                inputTokens, outputTokens, null, null, Map.of(), false, servedEntityId);
    }
}
