package io.lakebook.goose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.Lakebook;
import io.lakebook.goose.rpc.LineChannel;
import io.lakebook.goose.rpc.Request;
import io.lakebook.goose.rpc.RpcError;
import io.lakebook.goose.tool.Tool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The MCP server: reads JSON-RPC messages from the client line by line and answers them, running tool calls on their
 * own threads so that a long call never blocks a cancel, a ping or another call.
 *
 * <p>It speaks the legacy lifecycle (2025-03-26 to 2025-11-25). Goose first probes with {@code server/discover}
 * (2026-07-28); that and any other unknown method get -32601 and the server keeps serving, so Goose falls back to
 * {@code initialize}.
 *
 * @see <a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/lifecycle">lifecycle</a>
 */
public final class McpServer {

    /** Newest first; the first is offered when the client asks for one we do not speak. */
    static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    private static final Logger LOG = LoggerFactory.getLogger(McpServer.class);
    private static final String INSTRUCTIONS = "lakebook runs the user's notebooks on their Databricks cluster. Read a "
            + "notebook with notebook_read (cell ids and a version), change it with the cell_* tools passing that "
            + "version as expected_version, and run it with notebook_run. Runs that take long return a handle: "
            + "follow it with run_poll. Query tables on the SQL warehouse with sql_run (read-only unless "
            + "allow_writes), after catalog_list and table_describe. Outputs are capped; markers say how to read the "
            + "rest.";

    private final LineChannel channel;
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final ToolCalls calls;
    private final CompletableFuture<byte[]> toolList;
    private volatile String protocolVersion = VERSIONS.get(0);

    public McpServer(LineChannel channel, List<Tool> tools, ToolCalls.PathPolicy paths) {
        this.channel = channel;
        tools.forEach(tool -> this.tools.put(tool.spec().name(), tool));
        this.calls = new ToolCalls(channel, this.tools, paths, () -> protocolVersion);
        // Nearly every client lists the tools right after initialize, and the list never changes: it is made and
        // written as JSON once, on another thread, while the client is still starting.
        this.toolList = CompletableFuture.supplyAsync(() -> LineChannel.json(listTools())
                .getBytes(StandardCharsets.UTF_8), runnable -> {
            Thread thread = new Thread(runnable, "lakebook-tool-list");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Serves until the client closes its end; then lets quick calls answer and cancels what still runs. */
    public void serve() throws IOException {
        String line;
        while ((line = channel.readLine()) != null) {
            handle(line);
        }
        LOG.info("The client closed stdin; lakebook mcp stops");
        calls.finishOrCancelAll();
    }

    void handle(String line) {
        Request request;
        try {
            request = Request.of(LineChannel.parse(line));
        } catch (RpcError e) {
            channel.error(idOf(line), e.code(), e.getMessage());
            return;
        }
        try {
            dispatch(request);
        } catch (RpcError e) {
            if (!request.isNotification()) {
                channel.error(request.id(), e.code(), e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("Failed to handle {}", request.method(), e);
            if (!request.isNotification()) {
                channel.error(request.id(), RpcError.INTERNAL_ERROR, "lakebook failed to handle " + request.method()
                        + ": " + e);
            }
        }
    }

    private void dispatch(Request request) {
        switch (request.method()) {
            case "initialize" -> channel.result(request.id(), initialize(request.params()));
            case "ping" -> channel.result(request.id(), JsonNodeFactory.instance.objectNode());
            case "tools/list" -> channel.result(request.id(), toolList.join());
            case "tools/call" -> calls.start(request);
            case "notifications/cancelled" -> calls.cancel(request.params().path("requestId"),
                    request.params().path("reason").asText(""));
            default -> unknown(request);
        }
    }

    private void unknown(Request request) {
        if (request.isNotification()) {
            // notifications/initialized and the like need no answer, and an unknown notification gets none.
            LOG.debug("Notification {} noted", request.method());
            return;
        }
        throw new RpcError(RpcError.METHOD_NOT_FOUND, "Method not found: " + request.method());
    }

    private ObjectNode initialize(ObjectNode params) {
        String requested = params.path("protocolVersion").asText("");
        protocolVersion = VERSIONS.contains(requested) ? requested : VERSIONS.get(0);
        LOG.info("Client {} {} asked for protocol {}; speaking {}", params.at("/clientInfo/name").asText("?"),
                params.at("/clientInfo/version").asText("?"), requested, protocolVersion);
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("protocolVersion", protocolVersion);
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        result.putObject("serverInfo").put("name", "lakebook").put("title", "lakebook notebooks on Databricks")
                .put("version", Lakebook.VERSION);
        result.put("instructions", INSTRUCTIONS);
        return result;
    }

    private ObjectNode listTools() {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode list = result.putArray("tools");
        tools.values().forEach(tool -> list.add(tool.spec().toJson()));
        return result;
    }

    /** The id of a line that could not be read as a request, when it has one, so the error reaches its caller. */
    private static JsonNode idOf(String line) {
        try {
            JsonNode node = LineChannel.parse(line);
            return Optional.ofNullable(node.get("id")).filter(id -> id.isTextual() || id.isNumber()).orElse(null);
        } catch (RpcError e) {
            return null;
        }
    }
}
