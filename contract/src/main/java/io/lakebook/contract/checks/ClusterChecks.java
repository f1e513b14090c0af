package io.lakebook.contract.checks;

import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.support.Wait;
import io.lakebook.contract.Check;
import io.lakebook.contract.Expect;
import io.lakebook.contract.Skipped;
import io.lakebook.contract.Source;
import io.lakebook.contract.Target;

import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

/** Clusters API 2.1: what lakebook reads before it runs a cell, and how a cluster starts. */
final class ClusterChecks {

    private static final String AREA = "clusters";
    private static final Duration START_LIMIT = Duration.ofMinutes(30);

    private ClusterChecks() {
    }

    static List<Check> checks() {
        return List.of(
                new Check(AREA, "an unknown cluster id is ResourceDoesNotExist",
                        Source.documented(Docs.JAVA_SDK + "core/error/ErrorOverrides.java"),
                        ClusterChecks::unknownClusterDoesNotExist),
                new Check(AREA, "the chosen cluster reports one of the documented states",
                        Source.documented(Docs.api("clusters/get")),
                        ClusterChecks::stateIsDocumented),
                new Check(AREA, "the cluster list holds the chosen cluster",
                        Source.documented(Docs.api("clusters/list")), ClusterChecks::listHoldsCluster),
                new Check(AREA, "start turns a TERMINATED cluster PENDING at once, then RUNNING",
                        Source.documented(Docs.api("clusters/start")),
                        ClusterChecks::startFromTerminated));
    }

    private static void unknownClusterDoesNotExist(Target target) {
        String unknown = "0000-000000-lakebookabsent";
        ResourceDoesNotExist e = Expect.fails(ResourceDoesNotExist.class,
                () -> target.workspace().clusters().get(unknown), "clusters/get of " + unknown);
        Expect.that(String.valueOf(e.getMessage()).contains(unknown), "the message names the cluster: "
                + e.getMessage());
    }

    private static void stateIsDocumented(Target target) {
        ClusterDetails cluster = target.workspace().clusters().get(target.clusterId());
        Expect.equal(target.clusterId(), cluster.getClusterId(), "cluster_id");
        // The SDK reads an undocumented state as null (reference §1.5).
        Expect.present(cluster.getState(), "state (one of " + List.of(State.values()) + ")");
    }

    private static void listHoldsCluster(Target target) {
        Iterable<ClusterDetails> clusters = target.workspace().clusters().list(new ListClustersRequest());
        boolean listed = StreamSupport.stream(clusters.spliterator(), false)
                .anyMatch(c -> target.clusterId().equals(c.getClusterId()));
        Expect.that(listed, "cluster " + target.clusterId() + " is not in clusters/list");
    }

    private static void startFromTerminated(Target target) throws Exception {
        if (!target.options().startCluster()) {
            throw Skipped.because("starts a cluster: only with --start-cluster");
        }
        String id = target.clusterId();
        State before = target.workspace().clusters().get(id).getState();
        if (before != State.TERMINATED) {
            throw Skipped.because("cluster " + id + " is " + before + ", so a start from TERMINATED cannot be seen");
        }
        Wait<ClusterDetails, Void> started = target.startCluster();
        State right = target.workspace().clusters().get(id).getState();
        Expect.that(right == State.PENDING || right == State.RUNNING, "state right after start: expected PENDING "
                + "(the SDK's waiter fails on TERMINATED), got " + right);
        Expect.equal(State.RUNNING, started.get(START_LIMIT).getState(), "state once start().get() returns");
    }
}
