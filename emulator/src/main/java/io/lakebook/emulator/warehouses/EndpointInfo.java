package io.lakebook.emulator.warehouses;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A SQL warehouse as {@code GET /api/2.0/sql/warehouses[/{id}]} returns it (reference §6.7, SDK EndpointInfo). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EndpointInfo(
        String id,
        String name,
        String clusterSize,
        String creatorName,
        WarehouseState state,
        String warehouseType,
        boolean enableServerlessCompute,
        boolean enablePhoton,
        long autoStopMins,
        long minNumClusters,
        long maxNumClusters,
        long numClusters,
        long numActiveSessions,
        String jdbcUrl,
        Health health,
        OdbcParams odbcParams) {

    /** reference §6.7 {@code health}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Health(String status, String summary) {
    }

    /** reference §6.7 {@code odbc_params}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OdbcParams(String hostname, String path, int port, String protocol) {
    }
}
