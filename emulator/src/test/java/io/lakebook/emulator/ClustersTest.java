package io.lakebook.emulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ListClustersFilterBy;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.RestartCluster;
import com.databricks.sdk.service.compute.State;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClustersTest {
    private Emulator emulator;
    private WorkspaceClient client;
    private String clusterId;

    @BeforeEach
    void start() {
        emulator = Emulator.builder().build().start();
        client = Sdk.client(emulator);
        clusterId = emulator.defaultClusterId();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void defaultClusterExistsTerminatedWithRealisticDetails() {
        ClusterDetails cluster = client.clusters().get(clusterId);

        assertEquals(State.TERMINATED, cluster.getState());
        assertEquals("lakebook-emulator", cluster.getClusterName());
        assertTrue(cluster.getSparkVersion().matches("\\d+\\.\\d+\\.x-scala2\\.12"), cluster.getSparkVersion());
        assertNotNull(cluster.getNodeTypeId());
        assertNotNull(cluster.getTerminatedTime());
        assertEquals("INACTIVITY", cluster.getTerminationReason().getCode().toString());
        assertTrue(clusterId.matches("\\d{4}-\\d{6}-[a-z0-9]{8}"), clusterId);
    }

    /** reference §3.2: start(id).get() polls until RUNNING; the driver appears once the cluster runs. */
    @Test
    void startBringsTheClusterToRunning() throws Exception {
        ClusterDetails running = client.clusters().start(clusterId).get(Duration.ofSeconds(20));

        assertEquals(State.RUNNING, running.getState());
        assertNotNull(running.getDriver());
        assertNotNull(running.getSparkContextId());
        assertNull(running.getTerminationReason());
    }

    /** reference §3.2: the state flips to PENDING inside the start call, RUNNING only after the start delay. */
    @Test
    void startIsPendingUntilTheDelayHasPassed() {
        try (Emulator slow = Emulator.builder().clusterStartDelay(Duration.ofMillis(800)).build().start()) {
            WorkspaceClient slowClient = Sdk.client(slow);
            String id = slow.defaultClusterId();

            slowClient.clusters().start(id);

            assertEquals(State.PENDING, slowClient.clusters().get(id).getState());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> slowClient.clusters().get(id).getState() == State.RUNNING);
        }
    }

    /** "If the cluster is not currently in a TERMINATED state, nothing will happen" (reference §3.2). */
    @Test
    void startOfARunningClusterChangesNothing() throws Exception {
        ClusterDetails first = client.clusters().start(clusterId).get(Duration.ofSeconds(20));

        client.clusters().start(clusterId);

        ClusterDetails after = client.clusters().get(clusterId);
        assertEquals(State.RUNNING, after.getState());
        assertEquals(first.getSparkContextId(), after.getSparkContextId());
    }

    /** reference §1.3: 400 INVALID_PARAMETER_VALUE "Cluster X does not exist" becomes ResourceDoesNotExist. */
    @Test
    void unknownClusterIsResourceDoesNotExist() {
        ResourceDoesNotExist missing = assertThrows(ResourceDoesNotExist.class,
                () -> client.clusters().get("0000-000000-missing0"));

        assertEquals("Cluster 0000-000000-missing0 does not exist", missing.getMessage());
    }

    @Test
    void startOfAnUnknownClusterNamesIt() {
        Exception missing = assertThrows(Exception.class, () -> client.clusters().start("0000-000000-missing0"));

        assertTrue(missing.getMessage().contains("Cluster 0000-000000-missing0 does not exist"), missing.getMessage());
    }

    @Test
    void listReturnsEveryClusterAndHonoursTheStateFilter() throws Exception {
        String second = emulator.clusters().add("etl");
        client.clusters().start(second).get(Duration.ofSeconds(20));

        assertEquals(List.of(clusterId, second), ids(new ListClustersRequest()));
        ListClustersRequest runningOnly = new ListClustersRequest()
                .setFilterBy(new ListClustersFilterBy().setClusterStates(List.of(State.RUNNING)));
        assertEquals(List.of(second), ids(runningOnly));
    }

    @Test
    void restartGoesBackToRunningWithANewSparkContext() throws Exception {
        ClusterDetails before = client.clusters().start(clusterId).get(Duration.ofSeconds(20));

        ClusterDetails after = client.clusters().restart(new RestartCluster().setClusterId(clusterId))
                .get(Duration.ofSeconds(20));

        assertEquals(State.RUNNING, after.getState());
        assertNotNull(after.getLastRestartedTime());
        assertTrue(!before.getSparkContextId().equals(after.getSparkContextId()), "a restart is a new driver");
    }

    @Test
    void deleteTerminatesTheClusterByUserRequest() throws Exception {
        client.clusters().start(clusterId).get(Duration.ofSeconds(20));

        ClusterDetails terminated = client.clusters().delete(clusterId).get(Duration.ofSeconds(20));

        assertEquals(State.TERMINATED, terminated.getState());
        assertEquals("USER_REQUEST", terminated.getTerminationReason().getCode().toString());
        assertNull(terminated.getDriver());
    }

    @Test
    void failHookPutsTheClusterInErrorWithTheMessage() throws Exception {
        client.clusters().start(clusterId).get(Duration.ofSeconds(20));

        emulator.clusters().fail(clusterId, "Driver ran out of memory");

        ClusterDetails failed = client.clusters().get(clusterId);
        assertEquals(State.ERROR, failed.getState());
        assertEquals("Driver ran out of memory", failed.getStateMessage());
    }

    @Test
    void terminateHookEndsInTerminated() throws Exception {
        client.clusters().start(clusterId).get(Duration.ofSeconds(20));

        emulator.clusters().terminate(clusterId);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> client.clusters().get(clusterId).getState() == State.TERMINATED);
    }

    /** reference §3: 2.0 is the older version of the same API and is served too. */
    @Test
    void version20PathsServeTheSameCluster() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(emulator.host() + "/api/2.0/clusters/get?cluster_id=" + clusterId))
                .header("Authorization", "Bearer " + emulator.token())
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"cluster_id\":\"" + clusterId + "\""), response.body());
        assertTrue(response.body().contains("\"state\":\"TERMINATED\""), response.body());
    }

    private List<String> ids(ListClustersRequest request) {
        return StreamSupport.stream(client.clusters().list(request).spliterator(), false)
                .map(ClusterDetails::getClusterId)
                .collect(Collectors.toList());
    }
}
