package io.lakebook.emulator.execution;

import io.lakebook.emulator.clusters.ClusterState;
import io.lakebook.emulator.clusters.Clusters;
import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.python.PythonRuntime;
import io.lakebook.emulator.sql.SqlEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every live execution context, by id. A context exists only while its cluster runs: when the driver is lost
 * (restart, terminate, failure) all of the cluster's contexts are destroyed, and later calls naming them fail as
 * for an unknown context (reference §2.8). Creation and that clean-up share one lock, so no context created during
 * a restart survives it.
 */
public final class ExecutionContexts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionContexts.class);

    private final Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
    private final Clusters clusters;
    private final PythonRuntime runtime;
    private final SqlEngine engine;
    private volatile StuckCommands stuck = StuckCommands.NONE;

    public ExecutionContexts(Clusters clusters, PythonRuntime runtime, SqlEngine engine) {
        this.clusters = clusters;
        this.runtime = runtime;
        this.engine = engine;
    }

    /** Which commands get stuck from now on (a fault); {@link StuckCommands#NONE} by default. */
    public void stuckCommands(StuckCommands commands) {
        this.stuck = commands;
    }

    /** Starts a context's Python process and returns its id; the context is Pending until Python is ready. */
    public String create(String clusterId) {
        synchronized (this) {
            requireRunning(clusterId);
            String id = newId();
            contexts.put(id, new ExecutionContext(id, clusterId, runtime, new NotebookSql(engine), stuck));
            LOG.info("Execution context {} created on cluster {}", id, clusterId);
            return id;
        }
    }

    public ContextStatus status(String clusterId, String contextId) {
        return find(clusterId, contextId).status();
    }

    public String execute(String clusterId, String contextId, String code) {
        requireRunning(clusterId);
        return find(clusterId, contextId).execute(code);
    }

    public CommandStatusResponse commandStatus(String clusterId, String contextId, String commandId) {
        return find(clusterId, contextId).commandStatus(commandId);
    }

    public void cancel(String clusterId, String contextId, String commandId) {
        find(clusterId, contextId).cancel(commandId);
    }

    public void destroy(String clusterId, String contextId) {
        ExecutionContext context;
        synchronized (this) {
            context = find(clusterId, contextId);
            contexts.remove(contextId);
        }
        context.close();
        LOG.info("Execution context {} destroyed on cluster {}", contextId, clusterId);
    }

    /**
     * Destroys a context as the workspace does to free room, without the client asking: a cluster keeps at most 145
     * contexts and evicts the least recently used idle ones (remote-kernels §D.5). Later calls naming it fail as for
     * an unknown context.
     *
     * @return false when there was no such context
     */
    public boolean evict(String contextId) {
        ExecutionContext context;
        synchronized (this) {
            context = contexts.remove(contextId);
        }
        if (context == null) {
            return false;
        }
        context.close();
        LOG.info("Execution context {} evicted from cluster {}", contextId, context.clusterId);
        return true;
    }

    /** Destroys every context of a cluster whose driver has gone. */
    public void driverLost(String clusterId, String reason) {
        List<ExecutionContext> lost = new ArrayList<>();
        synchronized (this) {
            contexts.values().removeIf(context -> context.clusterId.equals(clusterId) && lost.add(context));
        }
        lost.forEach(ExecutionContext::close);
        lost.forEach(context -> LOG.info("Execution context {} destroyed: {}", context.id, reason));
    }

    /** Ids of the cluster's contexts whose Python process is alive. */
    public synchronized Set<String> liveIds(String clusterId) {
        return contexts.values().stream()
                .filter(context -> context.clusterId.equals(clusterId) && context.isAlive())
                .map(context -> context.id)
                .collect(Collectors.toSet());
    }

    /** Destroys every context. */
    @Override
    public void close() {
        List<ExecutionContext> all;
        synchronized (this) {
            all = new ArrayList<>(contexts.values());
            contexts.clear();
        }
        all.forEach(ExecutionContext::close);
        if (!all.isEmpty()) {
            LOG.info("{} execution context(s) destroyed on shutdown", all.size());
        }
    }

    /**
     * reference §2.8: a cluster that is not RUNNING answers 500 with {@code ClusterNotReadyException} in the message;
     * the SDK retries such calls 4 times before giving up (reference §1.4). The exact wording is unconfirmed.
     */
    private void requireRunning(String clusterId) {
        ClusterState state;
        try {
            state = clusters.state(clusterId);
        } catch (ApiException e) {
            throw ExecutionContext.contextError("Cluster " + clusterId + " does not exist");
        }
        if (state != ClusterState.RUNNING) {
            throw new ApiException(500, "INTERNAL_ERROR", "ClusterNotReadyException: Cluster " + clusterId
                    + " is not running (state " + state + "). Start it and wait until it is RUNNING.");
        }
    }

    /**
     * Unconfirmed (reference §2.8, §13): the status and wording for an unknown or lost context; 400 in the 1.2
     * envelope, with a message that names the context, which is what clients look for to recreate it.
     */
    private synchronized ExecutionContext find(String clusterId, String contextId) {
        ExecutionContext context = contexts.get(contextId);
        if (context == null || !context.clusterId.equals(clusterId)) {
            throw ExecutionContext.contextError("ContextNotFound: Context " + contextId + " does not exist on cluster "
                    + clusterId + " (contexts end when they are destroyed or when the cluster restarts or terminates)");
        }
        return context;
    }

    private String newId() {
        // reference §2.2: context ids are 19-digit numbers.
        String id = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000_000_000L, Long.MAX_VALUE));
        return contexts.containsKey(id) ? newId() : id;
    }
}
