package io.lakebook.guard.gateway;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.http.Request;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.remote.Failures;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and replaces an endpoint's AI Gateway configuration through the SDK's API client, as JSON trees rather than
 * the SDK's typed records: the PUT replaces the whole configuration (gateway-budgets §0.1), and a typed round trip
 * would drop any field this SDK version does not know, so whatever the guard does not own travels back exactly as
 * it came.
 */
public final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WorkspaceClient workspace;

    public GatewayClient(WorkspaceClient workspace) {
        this.workspace = workspace;
    }

    /** {@code GET /api/2.0/serving-endpoints/{name}} (reference §9.2): its {@code ai_gateway}, or an empty one. */
    public ObjectNode read(String endpoint) {
        JsonNode detail = call(new Request("GET", "/api/2.0/serving-endpoints/" + endpoint), "read the AI Gateway "
                + "settings of serving endpoint " + endpoint);
        JsonNode gateway = detail.path("ai_gateway");
        return gateway.isObject() ? ((ObjectNode) gateway).deepCopy() : JSON.createObjectNode();
    }

    /** {@code PUT /api/2.0/serving-endpoints/{name}/ai-gateway} (reference §9.3) with the whole configuration. */
    public void write(String endpoint, ObjectNode config) {
        String body;
        try {
            body = JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An AI Gateway configuration could not be written as JSON", e);
        }
        call(new Request("PUT", "/api/2.0/serving-endpoints/" + endpoint + "/ai-gateway", body)
                .withHeader("Content-Type", "application/json"), "change the AI Gateway rate limits of serving "
                + "endpoint " + endpoint + " (the guard's principal needs Can Manage on it)");
    }

    private JsonNode call(Request request, String doing) {
        Request sent = request.withHeader("Accept", "application/json");
        if (workspace.config().getWorkspaceId() != null) {
            sent = sent.withHeader("X-Databricks-Workspace-Id", workspace.config().getWorkspaceId());
        }
        Request finalRequest = sent;
        return Failures.call(() -> {
            try {
                // The SDK makes an instance of the target class and fills it, so the tree is read as a map first.
                java.util.LinkedHashMap<?, ?> answer = workspace.apiClient().execute(finalRequest,
                        java.util.LinkedHashMap.class);
                return answer == null ? JSON.createObjectNode() : JSON.valueToTree(answer);
            } catch (IOException e) {
                throw new DatabricksException("IO error: " + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw new DatabricksException("IO error: " + e.getMessage(), e);
            }
        }, doing);
    }
}
