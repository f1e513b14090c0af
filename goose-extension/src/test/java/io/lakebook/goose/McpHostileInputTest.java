package io.lakebook.goose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.emulator.faults.Trials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.lakebook.goose.ServerProcess.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lakebook mcp} fed what a broken or hostile client sends: lines that are not JSON, messages of the wrong
 * shape, unknown methods and tools, arguments of the wrong types or of many megabytes, and paths that try to leave
 * the project. Each gets a clear JSON-RPC error or tool error, nothing outside the project is read or changed, and
 * the server answers normally afterwards.
 */
class McpHostileInputTest {

    @TempDir
    Path dir;
    private Path project;
    private Path outside;
    private ServerProcess server;
    private int nextId = 10;

    @BeforeEach
    void start() throws Exception {
        project = Files.createDirectories(dir.resolve("project"));
        outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.ipynb"), notebook("print('outside')"));
        Files.writeString(dir.resolve("secret.ipynb"), notebook("print('above')"));
        Files.writeString(project.resolve("inside.ipynb"), notebook("print('inside')"));
        Files.createSymbolicLink(project.resolve("linked-dir"), outside);
        Files.createSymbolicLink(project.resolve("linked.ipynb"), outside.resolve("secret.ipynb"));
        server = ServerProcess.start(project, Map.of("DATABRICKS_CONFIG_FILE", dir.resolve("none").toString(),
                GooseMain.ENV_PROJECT_ROOT, project.toString()));
        JsonNode init = request("initialize", JSON.createObjectNode().put("protocolVersion", "2025-06-18"));
        assertEquals("lakebook", init.at("/result/serverInfo/name").asText(), init.toString());
        server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String notebook(String source) {
        return "{\"cells\": [{\"cell_type\": \"code\", \"id\": \"c1\", \"metadata\": {}, \"execution_count\": null, "
                + "\"outputs\": [], \"source\": \"" + source.replace("'", "\\u0027") + "\"}], \"metadata\": {}, "
                + "\"nbformat\": 4, \"nbformat_minor\": 5}";
    }

    private JsonNode request(String method, ObjectNode params) throws Exception {
        return server.request(nextId++, method, params);
    }

    private JsonNode call(String tool, ObjectNode arguments) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        return request("tools/call", params);
    }

    private static String shortly(JsonNode answer) {
        String text = answer.toString();
        return text.substring(0, Math.min(600, text.length()));
    }

    private void stillServes() throws Exception {
        assertTrue(server.isAlive(), server.stderr());
        assertTrue(request("ping", JSON.createObjectNode()).has("result"));
        JsonNode listed = call("notebook_list", JSON.createObjectNode());
        assertFalse(listed.at("/result/isError").asBoolean(), listed.toString());
    }

    @Test
    void linesThatAreNotJsonRpcGetProtocolErrorsAndTheServerStaysUp() throws Exception {
        Random random = new Random(5150);
        int garbage = 300;
        for (int i = 0; i < garbage; i++) {
            byte[] line = new byte[1 + random.nextInt(200)];
            for (int b = 0; b < line.length; b++) {
                line[b] = (byte) (33 + random.nextInt(94));
            }
            line[0] = (byte) "{[\"x!@".charAt(random.nextInt(6));
            server.send(new String(line, StandardCharsets.US_ASCII));
        }
        List<String> shapes = List.of("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "42", "\"text\"",
                "{\"id\": 7, \"method\": \"ping\"}", "{\"jsonrpc\": \"2.0\", \"id\": 8}",
                "{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": 12}",
                "{\"jsonrpc\": \"2.0\", \"id\": 11, \"method\": \"tools/call\", \"params\": [1, 2]}");
        shapes.forEach(line -> send(line));

        List<JsonNode> errors = new ArrayList<>();
        while (errors.size() < garbage + shapes.size()) {
            JsonNode message = server.next(30);
            assertTrue(message != null, "missing answers: " + errors.size() + " of " + (garbage + shapes.size())
                    + "\n" + server.stderr());
            errors.add(message);
        }

        assertTrue(errors.stream().allMatch(m -> m.at("/error/code").asInt() < -32000
                && !m.at("/error/message").asText().isBlank()), errors.toString());
        long parse = errors.stream().filter(m -> m.at("/error/code").asInt() == -32700).count();
        assertEquals(-32602, errors.get(errors.size() - 1).at("/error/code").asInt(), "params must be an object");
        assertTrue(server.nonJsonLines().isEmpty(), server.nonJsonLines().toString());
        stillServes();
        Trials.record("MCP server", "lines that are not JSON", parse, "-32700 Parse error naming the JSON problem",
                "nothing; the server kept serving");
        Trials.record("MCP server", "JSON that is not a JSON-RPC request (batches, numbers, no jsonrpc or method, "
                + "params not an object)", garbage + shapes.size() - parse, "-32600 or -32602 with the reason",
                "nothing; the server kept serving");
    }

    private void send(String line) {
        try {
            server.send(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownMethodsToolsAndWrongTypesAreRefusedClearly() throws Exception {
        JsonNode method = request("resources/subscribe", JSON.createObjectNode());
        JsonNode tool = call("rm_rf", JSON.createObjectNode());
        JsonNode wrongType = call("notebook_read", JSON.createObjectNode().put("path", 12));
        JsonNode missing = call("cell_edit", JSON.createObjectNode().put("path", "inside.ipynb"));
        ObjectNode badNumber = JSON.createObjectNode().put("code", "1").put("wait_seconds", "soon");
        JsonNode notNumber = call("code_run", badNumber);

        assertEquals(-32601, method.at("/error/code").asInt(), method.toString());
        assertEquals(-32602, tool.at("/error/code").asInt(), tool.toString());
        assertTrue(tool.at("/error/message").asText().contains("Unknown tool: rm_rf"), tool.toString());
        for (JsonNode refused : List.of(wrongType, missing, notNumber)) {
            boolean toolError = refused.at("/result/isError").asBoolean();
            boolean rpcError = refused.at("/error/code").asInt() == -32602;
            assertTrue(toolError || rpcError, refused.toString());
        }
        assertTrue(wrongType.toString().contains("path"), wrongType.toString());
        assertTrue(missing.toString().contains("expected_version"), missing.toString());
        assertTrue(notNumber.toString().contains("wait_seconds"), notNumber.toString());
        stillServes();
        Trials.record("MCP server", "unknown method, unknown tool", 2, "-32601 Method not found, -32602 Unknown tool "
                + "(call tools/list)", "nothing");
        Trials.record("MCP server", "arguments of the wrong type or missing", 3, "an error naming the argument and "
                + "the type it must have", "nothing");
    }

    /**
     * Megabytes in one argument, more than the JSON library reads in one string by default (a limit lakebook lifted:
     * the call used to get no answer at all): the file takes them whole, answers stay capped, and the server goes on.
     */
    @Test
    void hugeArgumentsAreTakenWholeAndAnswersStayCapped() throws Exception {
        String read = call("notebook_read", JSON.createObjectNode().put("path", "inside.ipynb")).toString();
        String version = JSON.readTree(read).at("/result/structuredContent/version").asText();
        String source = "x = '" + "y".repeat(24 * 1024 * 1024) + "'";
        ObjectNode edit = JSON.createObjectNode().put("path", "inside.ipynb").put("expected_version", version)
                .put("cell_id", "c1").put("source", source);

        JsonNode edited = call("cell_edit", edit);
        JsonNode hugePath = call("notebook_read", JSON.createObjectNode().put("path", "a/".repeat(300_000)
                + "n.ipynb"));
        JsonNode readBack = call("notebook_read", JSON.createObjectNode().put("path", "inside.ipynb"));

        assertFalse(edited.at("/result/isError").asBoolean(), shortly(edited));
        assertTrue(Files.size(project.resolve("inside.ipynb")) > 24 * 1024 * 1024);
        assertTrue(hugePath.toString().contains("characters long; a path has at most 4096"), shortly(hugePath));
        assertTrue(readBack.toString().length() < 1024 * 1024, readBack.toString().length() + " characters");
        stillServes();
        Trials.record("MCP server", "a 24 MB argument (a cell's source, past the JSON library's default limit), "
                + "a 600 KB path", 2, "the cell saved whole, "
                + "notebook_read of it capped below 1 MB (its structured part too, once a bug); the path refused as a "
                + "tool error (it used to hang the call)", "nothing");
    }

    /** Every tool that takes a path, with every way out of the project. */
    @Test
    void noPathLeadsOutOfTheProject() throws Exception {
        List<String> escapes = List.of("../secret.ipynb", "../outside/secret.ipynb", dir.resolve("secret.ipynb")
                .toString(), "/etc/hostname", "linked.ipynb", "linked-dir/secret.ipynb", "linked-dir/new.ipynb",
                "./../secret.ipynb", "inside/../../secret.ipynb", "..\\secret.ipynb", "\u0000secret.ipynb");
        List<String> tools = List.of("notebook_read", "cell_read", "notebook_create", "cell_insert", "cell_edit",
                "cell_delete", "outputs_clear", "notebook_run", "code_run", "notebook_list");
        byte[] secretBefore = Files.readAllBytes(outside.resolve("secret.ipynb"));
        int refused = 0;
        for (String tool : tools) {
            for (String path : escapes) {
                ObjectNode args = JSON.createObjectNode().put("path", path).put("expected_version", "0")
                        .put("cell_id", "c1").put("source", "print('escaped')").put("code", "1");
                args.putArray("cells").addObject().put("cell_type", "code").put("source", "print('escaped')");
                JsonNode answer = call(tool, args);
                String text = answer.toString();
                assertTrue(answer.at("/result/isError").asBoolean() || answer.has("error"), tool + " " + path
                        + ": " + text);
                assertFalse(text.contains("outside')") || text.contains("above')"), tool + " read outside: " + text);
                refused++;
            }
        }

        assertEquals(new String(secretBefore, StandardCharsets.UTF_8), Files.readString(outside.resolve(
                "secret.ipynb")));
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(List.of("secret.ipynb"), files.map(p -> p.getFileName().toString()).toList());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("outside", "project", "secret.ipynb"), files.map(p -> p.getFileName().toString())
                    .sorted().toList(), "nothing new beside the project");
        }
        stillServes();
        Trials.record("MCP server", "paths out of the project ('..', absolute, symlinked file and folder, "
                + "backslashes, NUL) on every tool that takes a path", refused, "a tool error saying the path is "
                + "outside the project (or not a notebook); nothing outside was read or written", "nothing");
    }
}
