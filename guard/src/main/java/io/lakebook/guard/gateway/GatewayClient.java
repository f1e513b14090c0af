package io.lakebook.guard.gateway;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.http.Request;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.error.WorkspaceException;
import io.lakebook.core.remote.Failures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and replaces an endpoint's AI Gateway configuration through the SDK's API client, as JSON trees rather than
 * the SDK's typed records: the PUT replaces the whole configuration (gateway-budgets §0.1), and a typed round trip
 * would drop any field this SDK version does not know, so whatever the guard does not own travels back exactly as
 * it came.
 */
public final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A refusal for too many entries: the wording is not documented, so any 400 naming a count of rate limits. */
    private static final Pattern CAP = Pattern.compile("(?i)(at most|maximum|max|exceed|too many|limit of)[^.]*rate"
            + "[ _-]?limit|rate[ _-]?limits?[^.]*(at most|maximum|exceed|too many)");
    private static final Pattern COUNT = Pattern.compile("(?i)at most (\\d+)");
    private final WorkspaceClient workspace;

    public GatewayClient(WorkspaceClient workspace) {
        this.workspace = workspace;
    }

    /** An endpoint as the guard needs it: its {@code ai_gateway} and the names of the models it serves. */
    public record EndpointState(ObjectNode gateway, List<String> models) {
    }

    /** The endpoint does not exist in the workspace. */
    public static final class EndpointNotFoundException extends WorkspaceException {
        public EndpointNotFoundException(String endpoint, Throwable cause) {
            super("this workspace has no serving endpoint named '" + endpoint + "'", cause);
        }
    }

    /**
     * The workspace refused a configuration for holding too many rate limits: its cap is lower than the budgets
     * file says.
     *
     * @param groups true when the refusal is about {@code user_group} entries
     * @param cap    the cap the message names, or -1
     */
    public static final class CapExceededException extends WorkspaceException {
        private final boolean groups;
        private final int cap;

        CapExceededException(String endpoint, String message, boolean groups, int cap, Throwable cause) {
            super("the workspace refused the rate limits of " + endpoint + " for their number: " + message, cause);
            this.groups = groups;
            this.cap = cap;
        }

        public boolean groups() {
            return groups;
        }

        public int cap() {
            return cap;
        }
    }

    /** {@code GET /api/2.0/serving-endpoints/{name}} (reference §9.2). */
    public EndpointState read(String endpoint) {
        JsonNode detail;
        try {
            detail = call(new Request("GET", "/api/2.0/serving-endpoints/" + endpoint));
        } catch (NotFound e) {
            throw new EndpointNotFoundException(endpoint, e);
        } catch (DatabricksException e) {
            throw Failures.explain(e, "read the AI Gateway settings of serving endpoint " + endpoint);
        }
        JsonNode gateway = detail.path("ai_gateway");
        List<String> models = new ArrayList<>();
        for (JsonNode entity : detail.path("config").path("served_entities")) {
            for (JsonNode name : List.of(entity.path("entity_name"), entity.path("external_model").path("name"),
                    entity.path("foundation_model").path("name"))) {
                if (name.isTextual() && !models.contains(name.asText())) {
                    models.add(name.asText());
                }
            }
        }
        return new EndpointState(gateway.isObject() ? ((ObjectNode) gateway).deepCopy() : JSON.createObjectNode(),
                models);
    }

    /** {@code PUT /api/2.0/serving-endpoints/{name}/ai-gateway} (reference §9.3) with the whole configuration. */
    public void write(String endpoint, ObjectNode config) {
        String body;
        try {
            body = JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An AI Gateway configuration could not be written as JSON", e);
        }
        try {
            call(new Request("PUT", "/api/2.0/serving-endpoints/" + endpoint + "/ai-gateway", body)
                    .withHeader("Content-Type", "application/json"));
        } catch (PermissionDenied e) {
            throw new WorkspaceException("The workspace did not let the guard change the AI Gateway settings of "
                    + endpoint + ": " + e.getMessage() + ". The guard's principal needs Can Manage on the endpoint "
                    + "(for Databricks' own pay-per-token endpoints, possibly workspace admin).", e);
        } catch (DatabricksException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (e instanceof DatabricksError error && error.getStatusCode() == 400 && CAP.matcher(message).find()) {
                Matcher count = COUNT.matcher(message);
                throw new CapExceededException(endpoint, message, message.toLowerCase(Locale.ROOT)
                        .contains("user_group") || message.toLowerCase(Locale.ROOT).contains("group rate"),
                        count.find() ? Integer.parseInt(count.group(1)) : -1, e);
            }
            throw Failures.explain(e, "change the AI Gateway rate limits of serving endpoint " + endpoint);
        }
    }

    private JsonNode call(Request request) {
        Request sent = request.withHeader("Accept", "application/json");
        if (workspace.config().getWorkspaceId() != null) {
            sent = sent.withHeader("X-Databricks-Workspace-Id", workspace.config().getWorkspaceId());
        }
        try {
            // The SDK makes an instance of the target class and fills it, so the tree is read as a map first.
            LinkedHashMap<?, ?> answer = workspace.apiClient().execute(sent, LinkedHashMap.class);
            return answer == null ? JSON.createObjectNode() : JSON.valueToTree(answer);
        } catch (IOException e) {
            throw new DatabricksException("IO error: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new DatabricksException("IO error: " + e.getMessage(), e);
        }
    }
}
