package io.lakebook.guard.e2e;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.PatCredentialsProvider;
import com.databricks.sdk.service.serving.ChatMessage;
import com.databricks.sdk.service.serving.ChatMessageRole;
import com.databricks.sdk.service.serving.QueryEndpointInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.http.RequestLog;
import io.lakebook.emulator.serving.GatewayConfig;
import io.lakebook.emulator.serving.ServedModel;
import io.lakebook.emulator.serving.ServingEndpoint;
import io.lakebook.emulator.sql.ServedEntity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import io.lakebook.guard.cli.GuardCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.ParseException;

/**
 * The one emulated workspace the guard's end-to-end tests share (started once per test JVM), and what the tests do
 * in it: call a model as a given user, run {@code lakebook guard}, read an endpoint's settings over HTTP.
 */
final class Workspace {
    private static Emulator emulator;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Workspace() {
    }

    static synchronized Emulator emulator() {
        if (emulator == null) {
            emulator = Emulator.builder().build().start();
        }
        return emulator;
    }

    /** A client acting as {@code email}, without the SDK's retries of 429 so that a refusal shows at once. */
    static WorkspaceClient as(String email) {
        Emulator workspace = emulator();
        return new WorkspaceClient(new DatabricksConfig().setHost(workspace.host())
                .setToken(workspace.directory().tokenFor(email)).setCredentialsProvider(new PatCredentialsProvider())
                .setDisableRetries(true).setHttpTimeoutSeconds(30));
    }

    /** One chat call of {@code client} to {@code endpoint} that answers with {@code tokens} output tokens. */
    static void chat(WorkspaceClient client, String endpoint, long tokens) {
        client.servingEndpoints().query(new QueryEndpointInput().setName(endpoint).setMaxTokens(tokens)
                .setMessages(List.of(new ChatMessage().setRole(ChatMessageRole.USER).setContent("Write the test"))));
    }

    /** The output and exit status of one {@code lakebook guard} command run as the workspace's admin. */
    record Run(int status, String output) {
    }

    static Run guard(Path budgets, String... args) {
        return guardAs(emulator().token(), budgets, args);
    }

    static Run guardAs(String token, Path budgets, String... args) {
        Emulator workspace = emulator();
        Map<String, String> env = Map.of("DATABRICKS_HOST", workspace.host(), "DATABRICKS_TOKEN", token,
                "DATABRICKS_WAREHOUSE_ID", workspace.defaultWarehouseId(),
                "DATABRICKS_CONFIG_FILE", Path.of(System.getProperty("java.io.tmpdir"), "no-databrickscfg").toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> line = new java.util.ArrayList<>(List.of(args));
        if (budgets != null) {
            line.addAll(List.of("--budgets", budgets.toString()));
        }
        try {
            int status = new GuardCli(out, env, budgets == null ? Path.of(".") : budgets.getParent())
                    .run(new DefaultParser().parse(GuardCli.options(), line.toArray(String[]::new)));
            return new Run(status, bytes.toString(StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The endpoint's {@code ai_gateway} object as the workspace sends it. */
    static JsonNode gateway(String endpoint) {
        Emulator workspace = emulator();
        HttpRequest request = HttpRequest.newBuilder(URI.create(workspace.host() + "/api/2.0/serving-endpoints/"
                + endpoint)).header("Authorization", "Bearer " + workspace.token()).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("ai_gateway");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The requests after the first {@code from} of the log. */
    static List<RequestLog.Entry> requestsSince(int from) {
        List<RequestLog.Entry> all = emulator().requests();
        return all.subList(Math.min(from, all.size()), all.size());
    }

    /**
     * A budgets file for one endpoint: $1 a day each in Kiritimati, an output token at $0.001 (a call answering with
     * 500 tokens costs $0.50), the guard's tables in {@code schema}.
     */
    static String kiritimati(String endpoint, String schema, String webhook, String extra) {
        return """
                period: daily
                time_zone: Pacific/Kiritimati
                interval: 15m
                soft_warning: 50%
                endpoints: [ENDPOINT]
                default_budget: 1.00
                prices:
                  ENDPOINT:
                    - valid_from: 2026-01-01
                      input_per_million: 1
                      output_per_million: 1000
                state:
                  schema: SCHEMA
                """.replace("ENDPOINT", endpoint).replace("SCHEMA", schema)
                + (webhook == null ? "" : "notify:\n  webhook: " + webhook + "\n") + extra;
    }

    /** A new pay-per-token chat endpoint with usage tracking on, its model in {@code served_entities}. */
    static void newEndpoint(String name) {
        Emulator workspace = emulator();
        long now = workspace.clock().millis();
        String entity = String.format("%032x", name.hashCode() & 0xffffffffL);
        workspace.servingEndpoints().add(new ServingEndpoint(name, null, "analyst@example.com", now, now,
                "llm/v1/chat", "a test model", ServedModel.foundation(entity, name, name),
                new GatewayConfig(null, new GatewayConfig.UsageTracking(true), null, null, null)));
        workspace.sql().insertServedEntity(ServedEntity.foundationModel(entity, name, Instant.ofEpochMilli(now)));
    }

    /** Moves the workspace clock forward to the next noon in Kiritimati (UTC+14), far from a period boundary. */
    static void toMiddayInKiritimati() {
        ZoneId zone = ZoneId.of("Pacific/Kiritimati");
        Instant now = emulator().clock().instant();
        Instant noon = LocalDate.ofInstant(now, zone).atTime(12, 0).atZone(zone).toInstant();
        emulator().clock().advance(Duration.between(now, noon.isAfter(now) ? noon : noon.plus(Duration.ofDays(1))));
    }

    /** Sets an endpoint's AI Gateway settings as an admin does in the UI. */
    static void adminSets(String endpoint, java.util.function.UnaryOperator<GatewayConfig> change) {
        Emulator workspace = emulator();
        workspace.servingEndpoints().setGateway(endpoint, change.apply(workspace.servingEndpoints()
                .gateway(endpoint)));
    }

    static Path budgets(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("budgets.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
