package io.lakebook.bench.figures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.process.Json;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Samples;
import io.lakebook.bench.report.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reading a 5 MB notebook: a {@code notebook_read} call through a running {@code lakebook mcp}, request to answer
 * over stdio, against Python's {@code nbformat.read} of the same file in a running interpreter (parse and validate).
 * Both read and parse the whole file on every call.
 */
public final class McpNotebookRead implements Figure {
    static final String FILE = "five-megabytes.ipynb";

    @Override
    public String id() {
        return "mcp-read";
    }

    @Override
    public String title() {
        return "Reading a 5 MB notebook through the MCP server";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        int warmup = bench.repetitions(5, 1);
        int runs = bench.repetitions(30, 2);
        Path notebook = write(McpTiming.project(bench).resolve(FILE));
        JsonNode lakebook = McpTiming.time(bench, McpTiming.lakebook(bench), 1, Map.of("name", "notebook_read",
                "arguments", Map.of("path", FILE)), warmup, runs);
        List<String> command = List.of(bench.python().toString(), bench.pythonScript("nbformat_read.py").toString(),
                notebook.toString(), "--warmup", String.valueOf(warmup), "--runs", String.valueOf(runs));
        JsonNode nbformat = Json.lastLine(bench.run(command, notebook.getParent(), Map.of(), Duration.ofMinutes(5))
                .stdoutOrThrow(command));
        String size = String.format(java.util.Locale.ROOT, "%.1f MB", Files.size(notebook) / 1024.0 / 1024.0);
        return List.of(Row.measured(title(), "notebook_read of a " + size + " notebook, request to answer",
                        Samples.of("ms", Json.numbers(lakebook.get("callMs"))), new Row.Peer("nbformat "
                                + bench.machine().version("nbformat") + " `nbformat.read`",
                                Samples.of("ms", Json.numbers(nbformat.get("ms")))), Target.ratioAtMost(1.0))
                .withNote("One running server and one running Python, " + warmup + " warm-up reads each, then " + runs
                        + ". The notebook has 400 code cells with printed output and a PNG every tenth cell; "
                        + "notebook_read answers with the first 30 cells (" + String.format(java.util.Locale.ROOT,
                        "%,d", lakebook.get("callBytes").asInt()) + " bytes of JSON-RPC), nbformat builds the whole "
                        + "notebook in memory.")
                .ifMissed("lakebook reads the whole file, parses it into a JSON tree, checksums all of its bytes "
                        + "for the notebook's version (which every edit must name, and nbformat does not compute), "
                        + "then renders the page of cells, in a JVM that compiles with C1 only for its quick start; "
                        + "nbformat's parser is CPython's C json module. Parsing only the cells of the page would "
                        + "roughly halve the parse."));
    }

    /** About 5 MB of notebook: sources, stream outputs, and a base64 PNG every tenth cell, as plots leave. */
    static Path write(Path file) throws IOException {
        Random random = new Random(8);
        ObjectNode notebook = Json.MAPPER.createObjectNode();
        ArrayNode cells = notebook.putArray("cells");
        int cellCount = 400;
        // With the pretty-printed sources and outputs this makes about 5 MiB.
        int perImage = 67_000;
        for (int i = 0; i < cellCount; i++) {
            ObjectNode cell = cells.addObject().put("cell_type", "code").put("id", "c" + i);
            cell.put("execution_count", i + 1);
            cell.putObject("metadata");
            cell.put("source", ("df_" + i + " = spark.table('main.sales.orders').where('region = " + i + "')\n")
                    .repeat(12));
            ArrayNode outputs = cell.putArray("outputs");
            outputs.addObject().put("output_type", "stream").put("name", "stdout").put("text",
                    ("row " + i + ": " + Long.toHexString(random.nextLong()) + "\n").repeat(120));
            if (i % 10 == 0) {
                byte[] image = new byte[perImage];
                random.nextBytes(image);
                ObjectNode display = outputs.addObject().put("output_type", "display_data");
                display.putObject("metadata");
                display.putObject("data").put("image/png", Base64.getEncoder().encodeToString(image))
                        .put("text/plain", "<Figure size 640x480 with 1 Axes>");
            }
        }
        notebook.putObject("metadata").putObject("kernelspec").put("name", "databricks")
                .put("display_name", "Databricks").put("language", "python");
        notebook.put("nbformat", 4).put("nbformat_minor", 5);
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(notebook));
        return file;
    }
}
