package io.lakebook.emulator.serving;

import io.lakebook.emulator.http.ApiException;
import io.lakebook.emulator.http.ApiRequest;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.ErrorStyle;
import java.util.Map;

/**
 * The Serving Endpoints API (reference §9.1–9.3): list and get endpoints, and replace an endpoint's AI Gateway
 * configuration. The list is one page: the SDK makes a single call (reference §1.6).
 */
public final class ServingEndpointsApi {
    private static final String BASE = "/api/2.0/serving-endpoints";
    private static final String GATEWAY = "/ai-gateway";

    private final ServingEndpoints endpoints;
    private final String origin;

    public ServingEndpointsApi(ServingEndpoints endpoints, String origin) {
        this.endpoints = endpoints;
        this.origin = origin;
    }

    public void register(ApiServer server) {
        server.route("GET", BASE, ErrorStyle.STANDARD, request -> Map.of("endpoints",
                endpoints.list().stream().map(EndpointViews::summary).toList()));
        server.routePrefix("GET", BASE + "/", ErrorStyle.STANDARD, request -> {
            String name = name(request, "");
            Object view = EndpointViews.detailed(endpoints.get(name), origin);
            endpoints.read(name);
            return view;
        });
        server.routePrefix("PUT", BASE + "/", ErrorStyle.STANDARD, this::put);
    }

    private Object put(ApiRequest request) {
        if (!request.path().endsWith(GATEWAY)) {
            throw notFound(request);
        }
        String name = name(request, GATEWAY);
        if (!request.body().isObject()) {
            throw ApiException.badRequest("The request needs a JSON body with the AI Gateway configuration.");
        }
        Object stored = ServingJson.tree(endpoints.putGateway(name, request.body()));
        endpoints.written(name);
        return stored;
    }

    private static String name(ApiRequest request, String suffix) {
        String rest = request.path().substring(BASE.length() + 1);
        String name = rest.substring(0, rest.length() - suffix.length());
        if (name.isEmpty() || name.contains("/")) {
            throw notFound(request);
        }
        return name;
    }

    private static ApiException notFound(ApiRequest request) {
        return new ApiException(404, "ENDPOINT_NOT_FOUND", "No API found for '" + request.method() + " "
                + request.path() + "'");
    }
}
