package io.lakebook.emulator.serving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of an endpoint: {@code ServingEndpoint} in a list, {@code ServingEndpointDetailed} from a get
 * (reference §9.1, §9.2). Enum spellings are the SDK's: {@code READY}, {@code NOT_UPDATING},
 * {@code DEPLOYMENT_READY}, {@code CAN_MANAGE}.
 */
final class EndpointViews {
    private EndpointViews() {
    }

    static Map<String, Object> summary(ServingEndpoint endpoint) {
        Map<String, Object> view = common(endpoint);
        view.put("config", Map.of("served_entities", endpoint.servedModels().stream().map(EndpointViews::spec)
                .toList()));
        return view;
    }

    static Map<String, Object> detailed(ServingEndpoint endpoint, String origin) {
        Map<String, Object> view = common(endpoint);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("served_entities", endpoint.servedModels().stream().map(model -> output(model, endpoint))
                .toList());
        config.put("config_version", 1);
        view.put("config", config);
        view.put("permission_level", "CAN_MANAGE");
        view.put("route_optimized", false);
        view.put("endpoint_url", origin + "/serving-endpoints/" + endpoint.name() + "/invocations");
        return view;
    }

    private static Map<String, Object> common(ServingEndpoint endpoint) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", endpoint.name());
        if (endpoint.id() != null) {
            view.put("id", endpoint.id());
        }
        view.put("creator", endpoint.creator());
        view.put("creation_timestamp", endpoint.creationTimestamp());
        view.put("last_updated_timestamp", endpoint.lastUpdatedTimestamp());
        view.put("state", Map.of("ready", "READY", "config_update", "NOT_UPDATING"));
        if (endpoint.gateway() != null) {
            view.put("ai_gateway", ServingJson.tree(endpoint.gateway()));
        }
        view.put("tags", List.of());
        view.put("task", endpoint.task());
        view.put("description", endpoint.description());
        return view;
    }

    private static Map<String, Object> spec(ServedModel model) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", model.name());
        model(spec, model);
        return spec;
    }

    private static Map<String, Object> output(ServedModel model, ServingEndpoint endpoint) {
        Map<String, Object> output = spec(model);
        output.put("creator", endpoint.creator());
        output.put("creation_timestamp", endpoint.creationTimestamp());
        output.put("state", Map.of("deployment", "DEPLOYMENT_READY", "deployment_state_message", ""));
        return output;
    }

    private static void model(Map<String, Object> view, ServedModel model) {
        if (model.external()) {
            view.put("external_model", Map.of("provider", model.provider(), "name", model.entityName(),
                    "task", "llm/v1/chat"));
        } else {
            view.put("entity_name", model.entityName());
            view.put("entity_version", "1");
            view.put("foundation_model", Map.of("name", model.name(), "display_name", model.displayName()));
        }
    }
}
