package io.lakebook.emulator.clusters;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * A cluster as {@code clusters/get} and {@code clusters/list} return it (reference §3.1, SDK
 * {@code compute/ClusterDetails.java}). Fields that do not apply in a state are null and so left out.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClusterDetails(
        String clusterId,
        String clusterName,
        String sparkVersion,
        String nodeTypeId,
        String driverNodeTypeId,
        int numWorkers,
        int autoterminationMinutes,
        String creatorUserName,
        String singleUserName,
        String dataSecurityMode,
        String clusterSource,
        String runtimeEngine,
        ClusterState state,
        String stateMessage,
        Long startTime,
        Long terminatedTime,
        Long lastRestartedTime,
        TerminationReason terminationReason,
        Long sparkContextId,
        long clusterMemoryMb,
        double clusterCores,
        int jdbcPort,
        Map<String, String> sparkConf,
        Map<String, String> customTags,
        Map<String, String> defaultTags,
        Map<String, String> sparkEnvVars,
        SparkNode driver,
        List<SparkNode> executors) {
}
