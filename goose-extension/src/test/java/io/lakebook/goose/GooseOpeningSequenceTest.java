package io.lakebook.goose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.lakebook.goose.ServerProcess.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays, line by line, what Goose sends when it starts an extension: the {@code server/discover} probe of
 * protocol 2026-07-28, then {@code initialize} with 2025-11-25, then calls carrying Goose's {@code _meta} keys.
 */
class GooseOpeningSequenceTest {

    private static final List<String> TOOLS = List.of("notebook_list", "notebook_read", "notebook_create",
            "cell_read", "cell_insert", "cell_edit", "cell_delete", "cell_move", "outputs_clear", "notebook_run",
            "code_run", "run_poll", "run_cancel", "context_restart", "cluster_status", "cluster_start", "sql_run",
            "sql_poll", "sql_cancel", "catalog_list", "table_describe", "table_sample");

    @TempDir
    Path dir;
    private Path project;
    private ServerProcess server;

    @BeforeEach
    void start() throws Exception {
        project = Files.createDirectories(dir.resolve("project"));
        // Goose starts extensions from wherever it runs; the project comes from agent-working-dir.
        server = ServerProcess.start(dir, Map.of("DATABRICKS_CONFIG_FILE", dir.resolve("none").toString()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ObjectNode initializeParams(String version) {
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", version);
        params.putObject("capabilities").putObject("roots");
        params.putObject("clientInfo").put("name", "goose").put("version", "1.51.0");
        return params;
    }

    private JsonNode callTool(int id, String name, ObjectNode arguments) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("name", name);
        params.set("arguments", arguments);
        params.putObject("_meta").put("agent-working-dir", project.toString()).put("agent-session-id", "20261203_1")
                .put("agent-tool-call-request-id", "toolu_" + id);
        return server.request(id, "tools/call", params);
    }

    private JsonNode opened() throws Exception {
        JsonNode discover = server.request(0, "server/discover", JSON.createObjectNode());
        assertEquals(-32601, discover.at("/error/code").asInt(), discover.toString());
        JsonNode init = server.request(1, "initialize", initializeParams("2025-11-25"));
        server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return init;
    }

    @Test
    void answersTheDiscoverProbeWithMethodNotFoundThenServesInitialize() throws Exception {
        JsonNode init = opened();

        assertTrue(server.isAlive());
        assertEquals("2025-11-25", init.at("/result/protocolVersion").asText());
        assertEquals("lakebook", init.at("/result/serverInfo/name").asText());
        assertFalse(init.at("/result/capabilities/tools").isMissingNode());
        assertTrue(server.nonJsonLines().isEmpty(), "stdout must carry protocol lines only: " + server.nonJsonLines());
    }

    @Test
    void listsEveryToolWithTitleDescriptionDescribedParametersAndAllFourAnnotations() throws Exception {
        opened();
        JsonNode tools = server.request(2, "tools/list", JSON.createObjectNode()).at("/result/tools");

        Set<String> names = new HashSet<>();
        for (JsonNode tool : tools) {
            String name = tool.path("name").asText();
            names.add(name);
            assertTrue(("lakebook__" + name).length() <= 64 && name.matches("[a-z_]+"), name);
            assertFalse(tool.path("title").asText().isBlank(), name);
            assertTrue(tool.path("description").asText().length() > 40, name);
            assertEquals("object", tool.at("/inputSchema/type").asText(), name);
            assertFalse(tool.path("inputSchema").has("$schema"), name);
            for (Iterator<Map.Entry<String, JsonNode>> it = tool.at("/inputSchema/properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                assertFalse(property.getValue().path("description").asText().isBlank(), name + "." + property.getKey());
            }
            for (String hint : List.of("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")) {
                assertTrue(tool.at("/annotations/" + hint).isBoolean(), name + " " + hint);
            }
        }
        assertEquals(new HashSet<>(TOOLS), names);
    }

    @Test
    void resolvesPathsAgainstGoosesWorkingDirectory() throws Exception {
        opened();
        ObjectNode args = JSON.createObjectNode().put("path", "analysis/new.ipynb");
        args.putArray("cells").addObject().put("cell_type", "code").put("source", "print('hi')");

        JsonNode created = callTool(2, "notebook_create", args);
        JsonNode listed = callTool(3, "notebook_list", JSON.createObjectNode());

        assertFalse(created.at("/result/isError").asBoolean(), created.toString());
        assertTrue(Files.exists(project.resolve("analysis/new.ipynb")));
        assertFalse(Files.exists(dir.resolve("analysis")));
        assertTrue(listed.at("/result/content/0/text").asText().contains("analysis/new.ipynb"), listed.toString());
        assertTrue(listed.at("/result/content/0/text").asText().startsWith("1 notebook(s) in .:\n"),
                listed.toString());
        McpClientScenariosTest.assertNbformatValid(project.resolve("analysis/new.ipynb"));
    }

    @Test
    void negotiatesTheVersionTheClientAsksForOrOffersItsLatest() throws Exception {
        JsonNode older = server.request(1, "initialize", initializeParams("2025-03-26"));
        assertEquals("2025-03-26", older.at("/result/protocolVersion").asText());

        try (ServerProcess other = ServerProcess.start(dir, Map.of())) {
            JsonNode unknown = other.request(1, "initialize", initializeParams("2024-11-05"));
            assertEquals("2025-11-25", unknown.at("/result/protocolVersion").asText());
        }
    }

    @Test
    void structuredContentOnlyFromTheVersionThatHasIt() throws Exception {
        server.request(1, "initialize", initializeParams("2025-03-26"));
        Files.writeString(project.resolve("a.ipynb"), "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, "
                + "\"nbformat_minor\": 5}");

        JsonNode read = callTool(2, "notebook_read", JSON.createObjectNode().put("path", "a.ipynb"));

        assertFalse(read.at("/result/isError").asBoolean(), read.toString());
        assertTrue(read.at("/result/structuredContent").isMissingNode(), read.toString());
        assertTrue(read.at("/result/content/0/text").asText().contains("version "), read.toString());
    }

    @Test
    void protocolFaultsAreJsonRpcErrorsAndTheServerKeepsServing() throws Exception {
        opened();

        server.send("this is not json");
        assertEquals(-32700, server.next(10).at("/error/code").asInt());
        server.send("[{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}]");
        assertEquals(-32600, server.next(10).at("/error/code").asInt());
        JsonNode unknownTool = server.request(3, "tools/call", JSON.createObjectNode().put("name", "rm_rf"));
        assertEquals(-32602, unknownTool.at("/error/code").asInt());
        JsonNode unknownMethod = server.request(4, "resources/list", JSON.createObjectNode());
        assertEquals(-32601, unknownMethod.at("/error/code").asInt());

        JsonNode ping = server.request(5, "ping", JSON.createObjectNode());
        assertTrue(ping.path("result").isObject(), ping.toString());
    }

    @Test
    void badArgumentsAreToolErrorsThatNameTheArgument() throws Exception {
        opened();

        JsonNode missing = callTool(2, "notebook_read", JSON.createObjectNode());
        JsonNode wrongType = callTool(3, "notebook_read", JSON.createObjectNode().put("path", "a.ipynb")
                .put("limit", "ten"));
        JsonNode unknown = callTool(4, "notebook_read", JSON.createObjectNode().put("path", "a.ipynb")
                .put("notebook", "x"));
        JsonNode absent = callTool(5, "notebook_read", JSON.createObjectNode().put("path", "nope.ipynb"));

        assertToolError(missing, "notebook_read parameter 'path' is required");
        assertToolError(wrongType, "notebook_read parameter 'limit' must be an integer");
        assertToolError(unknown, "notebook_read has no parameter 'notebook'. Its parameters are: path, start, limit.");
        assertToolError(absent, "No file at nope.ipynb");
    }

    @Test
    void aPathOutsideTheProjectIsRefusedWithoutTouchingIt() throws Exception {
        opened();
        Path secret = Files.writeString(dir.resolve("secret.ipynb"), "{}");

        JsonNode dotdot = callTool(2, "cell_read", JSON.createObjectNode().put("path", "../secret.ipynb")
                .put("index", 0));
        JsonNode absolute = callTool(3, "outputs_clear", JSON.createObjectNode().put("path", secret.toString())
                .put("expected_version", "0"));

        assertToolError(dotdot, "is outside the project");
        assertToolError(absolute, "is outside the project");
        assertEquals("{}", Files.readString(secret));
    }

    @Test
    void aRunWithoutAWorkspaceSaysWhatToConfigure() throws Exception {
        opened();
        Files.writeString(project.resolve("a.py"), "# Databricks notebook source\nprint(1)\n");

        JsonNode run = callTool(2, "notebook_run", JSON.createObjectNode().put("path", "a.py"));

        assertToolError(run, "DATABRICKS_HOST");
    }

    @Test
    void exitsPromptlyWhenTheClientClosesStdinAnsweringTheLastQuickCallFirst() throws Exception {
        opened();
        ObjectNode params = JSON.createObjectNode().put("name", "notebook_list");
        params.putObject("arguments");
        params.putObject("_meta").put("agent-working-dir", project.toString());
        server.send(JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 9).put("method", "tools/call")
                .set("params", params));

        assertTrue(server.closeStdinAndWait(10), "the server must exit on stdin EOF");
        assertEquals(0, server.exitValue());
        assertTrue(server.responseTo(9, 1).at("/result/content/0/text").asText().contains("No notebooks"));
    }

    private static void assertToolError(JsonNode response, String expected) {
        assertTrue(response.has("result"), "a tool failure is a result, not a JSON-RPC error: " + response);
        assertTrue(response.at("/result/isError").asBoolean(), response.toString());
        String text = response.at("/result/content/0/text").asText();
        assertTrue(text.contains(expected), "expected '" + expected + "' in: " + text);
    }
}
