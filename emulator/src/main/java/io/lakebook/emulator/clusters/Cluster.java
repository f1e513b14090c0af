package io.lakebook.emulator.clusters;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One emulated all-purpose cluster: a single-node cluster whose driver is this machine. All state changes go
 * through {@link Clusters}, which holds the lock; every change bumps {@link #generation} so that a transition
 * scheduled for an older state (a start overtaken by a terminate) is dropped.
 */
final class Cluster {
    private static final String SPARK_VERSION = "15.4.x-scala2.12";
    private static final String NODE_TYPE = "i3.xlarge";
    private static final int AUTOTERMINATION_MINUTES = 60;

    final String id;
    final String name;
    final String owner;
    ClusterState state = ClusterState.TERMINATED;
    String stateMessage;
    Long startTime;
    Long terminatedTime;
    Long lastRestartedTime;
    Long driverStartTime;
    Long sparkContextId;
    TerminationReason terminationReason;
    long generation;

    Cluster(String id, String name, String owner, long now) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.startTime = now;
        this.terminatedTime = now;
        this.stateMessage = "Inactive cluster terminated (inactive for " + AUTOTERMINATION_MINUTES + " minutes).";
        this.terminationReason = TerminationReason.inactivity(AUTOTERMINATION_MINUTES);
    }

    void moveTo(ClusterState next, String message) {
        state = next;
        stateMessage = message;
        generation++;
    }

    void driverUp(long now) {
        driverStartTime = now;
        sparkContextId = ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, Long.MAX_VALUE);
    }

    void driverDown() {
        driverStartTime = null;
        sparkContextId = null;
    }

    ClusterDetails details() {
        return new ClusterDetails(id, name, SPARK_VERSION, NODE_TYPE, NODE_TYPE, 0, AUTOTERMINATION_MINUTES,
                owner, owner, "SINGLE_USER", "UI", "STANDARD", state, stateMessage == null ? "" : stateMessage,
                startTime, terminatedTime, lastRestartedTime, terminationReason, sparkContextId, 31_232L, 4.0, 10000,
                Map.of("spark.master", "local[*, 4]", "spark.databricks.cluster.profile", "singleNode"),
                Map.of("ResourceClass", "SingleNode"),
                Map.of("Vendor", "Databricks", "Creator", owner, "ClusterName", name, "ClusterId", id),
                Map.of("PYSPARK_PYTHON", "/databricks/python3/bin/python3"),
                driverStartTime == null ? null : driver(), List.of());
    }

    private SparkNode driver() {
        return new SparkNode("d" + Long.toHexString(id.hashCode() & 0xffffffffL), "i-0" + id.replace("-", ""),
                driverStartTime, "127.0.0.1", "127.0.0.1", "localhost");
    }
}
