package io.lakebook.emulator.clusters;

import io.lakebook.emulator.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters of the emulated workspace and their state machine (reference §3.1 lists the transitions). Start,
 * restart and terminate take the first step inside the call, as a workspace does (reference §3.2: a start that still
 * shows TERMINATED on the first poll makes {@code start(id).get()} fail), and the second step after the configured
 * delay. Losing the driver (restart, terminate, failure) is reported to a {@link DriverListener} so that the
 * cluster's execution contexts die with it.
 *
 * <p>The public methods are also the test hooks: they behave exactly like the matching REST calls.
 */
public final class Clusters {
    private static final Logger LOG = LoggerFactory.getLogger(Clusters.class);
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** Told when a cluster's driver goes away, after the cluster has left RUNNING. */
    @FunctionalInterface
    public interface DriverListener {
        void driverLost(String clusterId, String reason);
    }

    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final Duration delay;
    private final String owner;
    private final Clock clock;
    private volatile DriverListener listener = (clusterId, reason) -> { };

    public Clusters(ScheduledExecutorService scheduler, Duration delay, String owner, Clock clock) {
        this.scheduler = scheduler;
        this.delay = delay;
        this.owner = owner;
        this.clock = clock;
    }

    public void onDriverLost(DriverListener driverListener) {
        this.listener = driverListener;
    }

    /** Adds a TERMINATED cluster named {@code clusterName} and returns its id. */
    public synchronized String add(String clusterName) {
        String id = newId();
        clusters.put(id, new Cluster(id, clusterName, owner, clock.millis()));
        return id;
    }

    public synchronized ClusterState state(String clusterId) {
        return find(clusterId).state;
    }

    public synchronized boolean isRunning(String clusterId) {
        Cluster cluster = clusters.get(clusterId);
        return cluster != null && cluster.state == ClusterState.RUNNING;
    }

    public synchronized boolean exists(String clusterId) {
        return clusters.containsKey(clusterId);
    }

    public synchronized ClusterDetails details(String clusterId) {
        return find(clusterId).details();
    }

    public synchronized List<ClusterDetails> list() {
        List<ClusterDetails> all = new ArrayList<>();
        clusters.values().forEach(cluster -> all.add(cluster.details()));
        return all;
    }

    /**
     * TERMINATED → PENDING now, RUNNING after the delay. "If the cluster is not currently in a TERMINATED state,
     * nothing will happen", except that a RESTARTING cluster answers 400
     * (docs.databricks.com/api/workspace/clusters/start).
     */
    public void start(String clusterId) {
        synchronized (this) {
            Cluster cluster = find(clusterId);
            if (cluster.state == ClusterState.RESTARTING) {
                throw ApiException.invalidState("Cluster " + clusterId + " is in unexpected state Restarting.");
            }
            if (cluster.state != ClusterState.TERMINATED) {
                return;
            }
            cluster.moveTo(ClusterState.PENDING, "Starting Spark");
            cluster.startTime = clock.millis();
            cluster.terminatedTime = null;
            cluster.terminationReason = null;
            scheduleRunning(cluster, cluster.generation);
        }
        LOG.info("Cluster {} starting", clusterId);
    }

    /**
     * RUNNING → RESTARTING now (the driver and its contexts are lost), RUNNING after the delay. "If the cluster is
     * not currently in a RUNNING state, nothing will happen" (docs.databricks.com/api/clusters/v2/restart-cluster.md).
     */
    public void restart(String clusterId) {
        synchronized (this) {
            Cluster cluster = find(clusterId);
            if (cluster.state != ClusterState.RUNNING) {
                return;
            }
            cluster.moveTo(ClusterState.RESTARTING, "Restarting Spark");
            cluster.driverDown();
        }
        LOG.info("Cluster {} restarting", clusterId);
        listener.driverLost(clusterId, "the cluster was restarted");
        synchronized (this) {
            Cluster cluster = find(clusterId);
            if (cluster.state == ClusterState.RESTARTING) {
                scheduleRunning(cluster, cluster.generation);
            }
        }
    }

    /**
     * Any state but TERMINATING/TERMINATED → TERMINATING now, TERMINATED after the delay; this is
     * {@code clusters/delete}: "If the cluster is already in a TERMINATING or TERMINATED state, nothing will happen"
     * (docs.databricks.com/api/workspace/clusters/delete).
     */
    public void terminate(String clusterId) {
        long generation;
        synchronized (this) {
            Cluster cluster = find(clusterId);
            if (cluster.state == ClusterState.TERMINATING || cluster.state == ClusterState.TERMINATED) {
                return;
            }
            cluster.moveTo(ClusterState.TERMINATING, "Terminating Spark");
            cluster.driverDown();
            generation = cluster.generation;
        }
        LOG.info("Cluster {} terminating", clusterId);
        listener.driverLost(clusterId, "the cluster was terminated");
        later(clusterId, generation, cluster -> {
            cluster.moveTo(ClusterState.TERMINATED, "Terminated by user");
            cluster.terminatedTime = clock.millis();
            cluster.terminationReason = TerminationReason.userRequest(owner);
            LOG.info("Cluster {} terminated", clusterId);
        });
    }

    /** Puts the cluster in ERROR with {@code message} as its state message; its driver and contexts are lost. */
    public void fail(String clusterId, String message) {
        synchronized (this) {
            Cluster cluster = find(clusterId);
            cluster.moveTo(ClusterState.ERROR, message);
            cluster.driverDown();
        }
        LOG.info("Cluster {} failed: {}", clusterId, message);
        listener.driverLost(clusterId, "the cluster failed: " + message);
    }

    private void scheduleRunning(Cluster cluster, long generation) {
        later(cluster.id, generation, target -> {
            long now = clock.millis();
            if (target.state == ClusterState.RESTARTING) {
                target.lastRestartedTime = now;
            }
            target.moveTo(ClusterState.RUNNING, "");
            target.driverUp(now);
            LOG.info("Cluster {} running", target.id);
        });
    }

    /** Runs {@code step} after the delay unless the cluster changed state in between. */
    private void later(String clusterId, long generation, java.util.function.Consumer<Cluster> step) {
        scheduler.schedule(() -> {
            synchronized (this) {
                Cluster cluster = clusters.get(clusterId);
                if (cluster != null && cluster.generation == generation) {
                    step.accept(cluster);
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Cluster find(String clusterId) {
        Cluster cluster = clusters.get(clusterId);
        if (cluster == null) {
            // reference §1.3: 400 INVALID_PARAMETER_VALUE with this wording; the SDK makes it ResourceDoesNotExist.
            throw ApiException.badRequest("Cluster " + clusterId + " does not exist");
        }
        return cluster;
    }

    private String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            suffix.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        String stamp = LocalDateTime.now(clock).format(DateTimeFormatter.ofPattern("MMdd-HHmmss"));
        String id = stamp + "-" + suffix;
        return clusters.containsKey(id) ? newId() : id;
    }
}
