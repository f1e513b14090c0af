package io.lakebook.emulator.serving;

import java.util.List;

/**
 * One serving endpoint as the workspace keeps it. The gateway configuration is replaced as a whole by each PUT.
 *
 * @param id null for Databricks' pay-per-token endpoints, which third-party code reports come without one
 *           (reference §9.1 ⚠)
 */
public record ServingEndpoint(String name, String id, String creator, long creationTimestamp,
                              long lastUpdatedTimestamp, String task, String description, ServedModel served,
                              GatewayConfig gateway) {

    ServingEndpoint withGateway(GatewayConfig config, long now) {
        return new ServingEndpoint(name, id, creator, creationTimestamp, now, task, description, served, config);
    }

    List<ServedModel> servedModels() {
        return List.of(served);
    }
}
