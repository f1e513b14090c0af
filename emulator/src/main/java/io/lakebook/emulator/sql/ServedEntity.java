package io.lakebook.emulator.sql;

import java.time.Instant;

/**
 * One row of {@code system.serving.served_entities} (gateway-budgets §1.2): a version of what an endpoint serves.
 * The four {@code *_config} struct columns are left null.
 */
public record ServedEntity(String servedEntityId, String createdBy, String endpointName, String endpointId,
                           String servedEntityName, String entityType, String entityName, String entityVersion,
                           int endpointConfigVersion, String task, Instant changeTime, Instant endpointDeleteTime) {

    /** A pay-per-token foundation model endpoint such as {@code databricks-claude-sonnet-4}, chat task. */
    public static ServedEntity foundationModel(String servedEntityId, String endpointName, Instant changeTime) {
        return new ServedEntity(servedEntityId, "analyst@example.com", endpointName,
                java.util.UUID.nameUUIDFromBytes(endpointName.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString().replace("-", ""), endpointName, "FOUNDATION_MODEL", endpointName, "1", 1,
                "llm/v1/chat", changeTime, null);
    }
}
