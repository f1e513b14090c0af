package io.lakebook.core.remote;

import java.time.Duration;
import java.util.Optional;

/**
 * Everything {@code %lakebook} shows about a session.
 *
 * @param host          the workspace URL
 * @param clusterId     the cluster cells run on
 * @param clusterName   its name, empty when unknown
 * @param state         its state as the workspace reports it ({@code RUNNING}, {@code TERMINATED}, …)
 * @param stateMessage  the workspace's own words about that state, may be empty
 * @param contextId     the notebook's execution context, once created
 * @param cellTimeout   the limit the user set on a cell's run time, if any
 */
public record SessionStatus(String host, String clusterId, String clusterName, String state, String stateMessage,
                            Optional<String> contextId, Optional<Duration> cellTimeout) {

    /** The cluster's page in the workspace. */
    public String clusterUrl() {
        return host + "/compute/clusters/" + clusterId;
    }

    /** The cluster's Spark UI, where jobs and stages of running cells show. */
    public String sparkUiUrl() {
        return clusterUrl() + "/spark-ui";
    }

    /** The driver's logs, where output that never reaches a cell (and the reason a driver died) ends up. */
    public String driverLogsUrl() {
        return clusterUrl() + "/driver-logs";
    }
}
