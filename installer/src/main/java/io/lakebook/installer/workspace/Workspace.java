package io.lakebook.installer.workspace;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterSource;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.serving.AiGatewayConfig;
import com.databricks.sdk.service.serving.AiGatewayRateLimit;
import com.databricks.sdk.service.serving.ServedEntitySpec;
import com.databricks.sdk.service.serving.ServingEndpoint;
import com.databricks.sdk.service.sql.GetWarehouseResponse;
import com.databricks.sdk.service.sql.ListWarehousesRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/** What install, doctor and model ask of a workspace, through databricks-sdk-java. */
public final class Workspace {
    /** Clusters made for jobs, pipelines or serving cannot run a notebook's commands (reference §3.1). */
    private static final Set<ClusterSource> NOT_INTERACTIVE = Set.of(ClusterSource.JOB, ClusterSource.PIPELINE,
            ClusterSource.PIPELINE_MAINTENANCE, ClusterSource.MODELS, ClusterSource.SQL);
    /** The task of endpoints that answer chat completions, as Goose sends them (reference §9.1). */
    private static final String CHAT_TASK = "llm/v1/chat";

    private final WorkspaceClient client;

    public Workspace(WorkspaceClient client) {
        this.client = client;
    }

    /** The all-purpose clusters, running ones first. */
    public List<Candidate> clusters() {
        List<Candidate> all = new ArrayList<>();
        for (ClusterDetails cluster : client.clusters().list(new ListClustersRequest())) {
            if (cluster.getClusterSource() == null || !NOT_INTERACTIVE.contains(cluster.getClusterSource())) {
                all.add(candidate(cluster));
            }
        }
        return runningFirst(all);
    }

    /** The SQL warehouses, running ones first. */
    public List<Candidate> warehouses() {
        List<Candidate> all = new ArrayList<>();
        client.warehouses().list(new ListWarehousesRequest()).forEach(warehouse -> all.add(new Candidate(
                warehouse.getId(), warehouse.getName(), String.valueOf(warehouse.getState()), "")));
        return runningFirst(all);
    }

    public Optional<Candidate> cluster(String id) {
        try {
            return Optional.of(candidate(client.clusters().get(id)));
        } catch (NotFound e) {
            // The SDK maps a workspace's 400 "Cluster ... does not exist" to ResourceDoesNotExist (reference §3.1).
            return Optional.empty();
        }
    }

    public Optional<Candidate> warehouse(String id) {
        try {
            GetWarehouseResponse warehouse = client.warehouses().get(id);
            return Optional.of(new Candidate(warehouse.getId(), warehouse.getName(),
                    String.valueOf(warehouse.getState()), ""));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /** The serving endpoints whose task is chat, in the workspace's order. */
    public List<ChatEndpoint> chatEndpoints() {
        return StreamSupport.stream(client.servingEndpoints().list().spliterator(), false)
                .filter(Workspace::isChat).map(Workspace::chatEndpoint).toList();
    }

    /**
     * Why Goose cannot chat with the endpoint {@code name}, for a message: the workspace has no endpoint of that
     * name, or it has one that serves another task (embeddings, a custom model).
     */
    public String whyNotChat(String name) {
        Optional<ServingEndpoint> endpoint = StreamSupport.stream(client.servingEndpoints().list().spliterator(),
                false).filter(e -> name.equals(e.getName())).findFirst();
        if (endpoint.isEmpty()) {
            return "is not a serving endpoint of this workspace (check the spelling)";
        }
        String task = endpoint.get().getTask() != null ? endpoint.get().getTask() : entities(endpoint.get()).stream()
                .filter(entity -> entity.getExternalModel() != null).map(entity -> entity.getExternalModel()
                        .getTask()).filter(t -> t != null).findFirst().orElse("a custom model");
        return "is a serving endpoint of this workspace for " + task + ", not a chat model (" + CHAT_TASK
                + "), so Goose cannot chat with it";
    }

    private static boolean isChat(ServingEndpoint endpoint) {
        if (endpoint.getTask() != null) {
            return endpoint.getTask().startsWith(CHAT_TASK);
        }
        return entities(endpoint).stream().anyMatch(entity -> entity.getExternalModel() != null
                && CHAT_TASK.equals(entity.getExternalModel().getTask()));
    }

    private static ChatEndpoint chatEndpoint(ServingEndpoint endpoint) {
        AiGatewayConfig gateway = endpoint.getAiGateway();
        boolean tracking = gateway != null && gateway.getUsageTrackingConfig() != null
                && Boolean.TRUE.equals(gateway.getUsageTrackingConfig().getEnabled());
        List<String> limits = gateway == null || gateway.getRateLimits() == null ? List.of()
                : gateway.getRateLimits().stream().map(Workspace::describe).toList();
        String ready = endpoint.getState() == null || endpoint.getState().getReady() == null ? "UNKNOWN"
                : endpoint.getState().getReady().toString();
        return new ChatEndpoint(endpoint.getName(), kind(endpoint), tracking, limits, ready);
    }

    private static String kind(ServingEndpoint endpoint) {
        for (ServedEntitySpec entity : entities(endpoint)) {
            if (entity.getExternalModel() != null) {
                return "external (" + String.valueOf(entity.getExternalModel().getProvider())
                        .toLowerCase(Locale.ROOT) + ")";
            }
            if (entity.getFoundationModel() != null) {
                return "pay-per-token";
            }
        }
        return "custom";
    }

    private static Collection<ServedEntitySpec> entities(ServingEndpoint endpoint) {
        return endpoint.getConfig() == null || endpoint.getConfig().getServedEntities() == null ? List.of()
                : endpoint.getConfig().getServedEntities();
    }

    /** {@code user: 120 calls/minute}, {@code endpoint: 600 calls/minute}, with the principal when one is named. */
    private static String describe(AiGatewayRateLimit limit) {
        String key = limit.getKey() == null ? "endpoint" : limit.getKey().toString().toLowerCase(Locale.ROOT);
        String who = limit.getPrincipal() == null ? key : key + " " + limit.getPrincipal();
        List<String> amounts = new ArrayList<>();
        Optional.ofNullable(limit.getCalls()).ifPresent(calls -> amounts.add(calls + " calls"));
        Optional.ofNullable(limit.getTokens()).ifPresent(tokens -> amounts.add(tokens + " tokens"));
        String period = limit.getRenewalPeriod() == null ? "minute"
                : limit.getRenewalPeriod().toString().toLowerCase(Locale.ROOT);
        return who + ": " + String.join(" and ", amounts) + "/" + period;
    }

    private static Candidate candidate(ClusterDetails cluster) {
        return new Candidate(cluster.getClusterId(), Optional.ofNullable(cluster.getClusterName())
                .orElse(cluster.getClusterId()), String.valueOf(cluster.getState()), "");
    }

    private static List<Candidate> runningFirst(List<Candidate> all) {
        List<Candidate> sorted = new ArrayList<>(all.stream().filter(Candidate::isRunning).toList());
        all.stream().filter(c -> !c.isRunning()).forEach(sorted::add);
        return sorted;
    }
}
