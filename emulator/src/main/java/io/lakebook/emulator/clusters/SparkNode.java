package io.lakebook.emulator.clusters;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The driver node of a running cluster, as {@code driver} in ClusterDetails (reference §3.1). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SparkNode(String nodeId, String instanceId, long startTimestamp, String hostPrivateIp,
                        String privateIp, String publicDns) {
}
