package io.lakebook.bench.figures;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.bench.Bench;
import io.lakebook.bench.process.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives an MCP server over stdio with the suite's Node.js timing client ({@code mcp-timing.mjs}), the same client
 * for lakebook's server and for its peer on the TypeScript SDK.
 */
final class McpTiming {

    private McpTiming() {
    }

    /** The folder {@code lakebook mcp} serves as its project in the benchmark. */
    static Path project(Bench bench) throws IOException {
        return Files.createDirectories(bench.work().resolve("mcp-project"));
    }

    /** {@code lakebook mcp}, as an agent's configuration starts it. */
    static List<String> lakebook(Bench bench) throws IOException, InterruptedException {
        return bench.mcpCommand();
    }

    /** The minimal server on the TypeScript SDK. */
    static List<String> peer(Bench bench) throws IOException, InterruptedException {
        return List.of("node", bench.nodeDir().resolve("minimal-server.mjs").toString());
    }

    /**
     * Starts {@code server}, times its start to the initialize result and {@code lists} tools/list calls, then
     * {@code calls} calls of {@code call} after {@code warmupCalls}; returns the client's JSON answer.
     */
    static JsonNode time(Bench bench, List<String> server, int lists, Map<String, Object> call, int warmupCalls,
                         int calls) throws IOException, InterruptedException {
        Path project = project(bench);
        Map<String, String> env = new HashMap<>(bench.workspaceEnv());
        env.put("LAKEBOOK_PROJECT_ROOT", project.toString());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("command", server);
        spec.put("cwd", project.toString());
        spec.put("env", env);
        spec.put("lists", lists);
        if (call != null) {
            spec.put("call", call);
            spec.put("warmupCalls", warmupCalls);
            spec.put("calls", calls);
        }
        List<String> command = List.of("node", bench.nodeDir().resolve("mcp-timing.mjs").toString(),
                Json.MAPPER.writeValueAsString(spec));
        bench.record("node bench/src/main/node/mcp-timing.mjs '{\"command\": " + Json.MAPPER.writeValueAsString(server)
                + ", \"lists\": " + lists + (call == null ? "" : ", \"call\": " + Json.MAPPER.writeValueAsString(call))
                + ", …}'");
        return Json.lastLine(bench.runQuietly(command, project, env, Duration.ofMinutes(5)).stdoutOrThrow(command));
    }
}
