package io.lakebook.goose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.files.UnwritableFileException;
import io.lakebook.goose.rpc.LineChannel;
import io.lakebook.goose.rpc.Request;
import io.lakebook.goose.rpc.RpcError;
import io.lakebook.goose.tool.Arguments;
import io.lakebook.goose.tool.CallContext;
import io.lakebook.goose.tool.ProjectPaths;
import io.lakebook.goose.tool.Tool;
import io.lakebook.goose.tool.ToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs {@code tools/call} requests, each on its own thread, and keeps track of them so that
 * {@code notifications/cancelled} reaches the right one.
 *
 * <p>A tool's failure becomes a result with {@code isError: true} and a message the model can act on; only an
 * unknown tool or malformed parameters are JSON-RPC errors (spec 2025-11-25, server/tools, "Error Handling").
 */
final class ToolCalls {

    /** Decides, per call, the project root and the directory relative paths start from. */
    @FunctionalInterface
    interface PathPolicy {
        ProjectPaths forCall(JsonNode meta) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;
    private static final int SHUTDOWN_GRACE_SECONDS = 3;

    private final LineChannel channel;
    private final Map<String, Tool> tools;
    private final PathPolicy paths;
    private final Supplier<String> protocolVersion;
    private final Map<JsonNode, CallContext> running = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lakebook-tool-call");
        thread.setDaemon(true);
        return thread;
    });

    ToolCalls(LineChannel channel, Map<String, Tool> tools, PathPolicy paths, Supplier<String> protocolVersion) {
        this.channel = channel;
        this.tools = tools;
        this.paths = paths;
        this.protocolVersion = protocolVersion;
    }

    void start(Request request) {
        if (request.isNotification()) {
            throw new RpcError(RpcError.INVALID_REQUEST, "tools/call must be a request with an id");
        }
        String name = request.params().path("name").asText("");
        Tool tool = tools.get(name);
        if (tool == null) {
            throw new RpcError(RpcError.INVALID_PARAMS, "Unknown tool: " + name + ". Call tools/list for the tools.");
        }
        CallContext context;
        try {
            context = new CallContext(paths.forCall(request.meta()), progress(request.meta().get("progressToken")));
        } catch (IOException | LakebookException e) {
            channel.result(request.id(), ToolResult.error(e.getMessage()).toJson(false));
            return;
        }
        running.put(request.id(), context);
        workers.execute(() -> finish(request, tool, context));
    }

    void cancel(JsonNode requestId, String reason) {
        CallContext context = running.remove(requestId);
        if (context != null) {
            LOG.info("Call {} cancelled by the client ({})", requestId, reason.isBlank() ? "no reason" : reason);
            context.cancel();
        }
    }

    /**
     * At the end of input: calls that finish within a short grace still get their answer (a client may send its last
     * request and close stdin at once); the rest are cancelled.
     */
    void finishOrCancelAll() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(SHUTDOWN_GRACE_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                running.values().forEach(CallContext::cancel);
                running.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finish(Request request, Tool tool, CallContext context) {
        ToolResult result = call(request, tool, context);
        // A cancelled request gets no answer (spec, basic/utilities/cancellation).
        if (running.remove(request.id(), context)) {
            boolean structured = !protocolVersion.get().equals("2025-03-26");
            channel.result(request.id(), result.toJson(structured));
        }
    }

    private static ToolResult call(Request request, Tool tool, CallContext context) {
        String name = tool.spec().name();
        try {
            Arguments args = tool.spec().input().check(name, request.params().get("arguments"));
            return tool.call(args, context);
        } catch (LakebookException e) {
            return ToolResult.error(e.getMessage());
        } catch (UnwritableFileException e) {
            return ToolResult.error(e.getMessage());
        } catch (NoSuchFileException e) {
            return ToolResult.error("No such file: " + context.paths().display(java.nio.file.Path.of(e.getFile()))
                    + ". notebook_list shows the notebooks there are.");
        } catch (IOException e) {
            return ToolResult.error(name + " could not read or write a file: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResult.error(name + " was interrupted.");
        } catch (Exception e) {
            LOG.error("Tool {} failed", name, e);
            return ToolResult.error(name + " failed inside lakebook: " + e + ". This is a lakebook bug; the details "
                    + "are in the extension's log.");
        }
    }

    /** Sends progress for the call at most once a second, with a rising count, when the client asked for it. */
    private Consumer<String> progress(JsonNode token) {
        if (token == null || !(token.isTextual() || token.isNumber())) {
            return message -> { };
        }
        long[] state = {0, 0};
        return message -> {
            synchronized (state) {
                long now = System.nanoTime();
                if (state[0] > 0 && now - state[1] < PROGRESS_INTERVAL_NANOS) {
                    return;
                }
                state[0]++;
                state[1] = now;
                ObjectNode params = JsonNodeFactory.instance.objectNode();
                params.set("progressToken", token);
                params.put("progress", state[0]).put("message", message);
                channel.notify("notifications/progress", params);
            }
        };
    }
}
