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
                "DATABRICKS_CONFIG_FILE", budgets.resolveSibling("no-databrickscfg").toString());
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

    static Path budgets(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("budgets.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
