package io.lakebook.emulator.clusters;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Clusters API. The SDK calls version 2.1; 2.0 is the older version of the same calls and is served the same
 * way (reference §3).
 */
public final class ClustersApi {
    private static final String CLUSTER_ID = "cluster_id";

    private final Clusters clusters;

    public ClustersApi(Clusters clusters) {
        this.clusters = clusters;
    }

    public void register(ApiServer server) {
        for (String version : List.of("2.0", "2.1")) {
            String base = "/api/" + version + "/clusters/";
            server.route("GET", base + "get", ErrorStyle.STANDARD, this::get);
            server.route("GET", base + "list", ErrorStyle.STANDARD, this::list);
            server.route("POST", base + "start", ErrorStyle.STANDARD, request -> act(request, clusters::start));
            server.route("POST", base + "restart", ErrorStyle.STANDARD, request -> act(request, clusters::restart));
            server.route("POST", base + "delete", ErrorStyle.STANDARD, request -> act(request, clusters::terminate));
        }
    }

    private ClusterDetails get(ApiRequest request) {
        return clusters.details(request.required(CLUSTER_ID));
    }

    /** reference §3.3: {@code clusters} is always present, even empty (§1.6); one page holds every cluster. */
    private Map<String, Object> list(ApiRequest request) {
        Set<ClusterState> wanted = states(request.all("filter_by.cluster_states"));
        List<ClusterDetails> found = clusters.list().stream()
                .filter(cluster -> wanted.isEmpty() || wanted.contains(cluster.state()))
                .collect(Collectors.toList());
        return Map.of("clusters", found);
    }

    private static Object act(ApiRequest request, java.util.function.Consumer<String> action) {
        action.accept(request.required(CLUSTER_ID));
        return Map.of();
    }

    private static Set<ClusterState> states(List<String> names) {
        try {
            return names.stream()
                    .map(name -> ClusterState.valueOf(name.toUpperCase(Locale.ROOT)))
                    .collect(Collectors.toSet());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("filter_by.cluster_states must be among " + List.of(ClusterState.values())
                    + ", got " + names);
        }
    }
}
