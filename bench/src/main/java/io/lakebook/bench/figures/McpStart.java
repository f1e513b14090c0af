package io.lakebook.bench.figures;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.report.Numbers;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Samples;
import io.lakebook.bench.report.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * An MCP server's start as Goose sees it: from spawning the server's command to the {@code initialize} result, then
 * the {@code tools/list} that follows, for {@code lakebook mcp} and a minimal server on the TypeScript MCP SDK, each
 * a new process per run, taking turns.
 */
public final class McpStart implements Figure {

    @Override
    public String id() {
        return "mcp-start";
    }

    @Override
    public String title() {
        return "MCP server start to initialize result, and tools/list";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        int warmup = bench.repetitions(3, 1);
        int runs = bench.repetitions(30, 1);
        List<String> lakebook = McpTiming.lakebook(bench);
        List<String> peer = McpTiming.peer(bench);
        List<Double> ourStart = new ArrayList<>();
        List<Double> peerStart = new ArrayList<>();
        List<Double> ourList = new ArrayList<>();
        List<Double> peerList = new ArrayList<>();
        int ourTools = 0;
        int peerTools = 0;
        for (int run = 0; run < warmup + runs; run++) {
            JsonNode ours = McpTiming.time(bench, lakebook, 1, null, 0, 0);
            JsonNode theirs = McpTiming.time(bench, peer, 1, null, 0, 0);
            ourTools = ours.get("tools").asInt();
            peerTools = theirs.get("tools").asInt();
            if (run >= warmup) {
                ourStart.add(ours.get("initializeMs").asDouble());
                peerStart.add(theirs.get("initializeMs").asDouble());
                ourList.add(ours.get("listMs").get(0).asDouble());
                peerList.add(theirs.get("listMs").get(0).asDouble());
            }
        }
        String name = "minimal server on @modelcontextprotocol/sdk " + bench.machine()
                .version("@modelcontextprotocol/sdk") + ", Node.js";
        String note = "A new server process per run, " + warmup + " warm-up runs of each first, taking turns; timed by "
                + "one Node.js client writing JSON-RPC lines to the server's stdin.";
        return List.of(
                Row.measured(title(), "spawn to initialize result", Samples.of("ms", ourStart),
                        new Row.Peer(name, Samples.of("ms", peerStart)), Target.ratioAtMost(1.0)).withNote(note)
                        .ifMissed("A new JVM's start, with lakebook's class-data archive mapped, against Node.js "
                                + "loading the SDK's modules; the JVM's part would shrink further only with an "
                                + "ahead-of-time image (Java 25 AOT cache, GraalVM native image)."),
                Row.measured(title(), "first tools/list round trip", Samples.of("ms", ourList),
                        new Row.Peer(name, Samples.of("ms", peerList)), Target.ratioAtMost(1.0))
                        .withNote("Right after initialize, as a client asks; lakebook lists " + ourTools
                                + " tools with their input schemas, the minimal server " + peerTools + ".")
                        .ifMissed("The answer (" + ourTools + " tools, about 21 kB of JSON) is made once at start "
                                + "and written as bytes behind the request's id, so what remains is a first request's "
                                + "way through a JVM that still interprets that code, the client's reading of a "
                                + "larger answer, and the scheduler: the fastest of these runs took "
                                + Numbers.format(Samples.of("ms", ourList).min()) + " ms. A Java 25 AOT cache, which "
                                + "keeps the JIT's profiles, would shorten the first request's way."));
    }
}
