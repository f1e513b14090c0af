package io.lakebook.bench.figures;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.process.Json;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Samples;
import io.lakebook.bench.report.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The resident memory (VmRSS) of an idle kernel process, just started and again after one cell, for lakebook's
 * kernel (its cell runs on the emulated cluster, so its session and the Databricks SDK are loaded) and ipykernel.
 */
public final class IdleMemory implements Figure {

    @Override
    public String id() {
        return "memory";
    }

    @Override
    public String title() {
        return "Idle kernel memory (RSS)";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        int runs = bench.repetitions(3, 1);
        String settle = bench.options().quick() ? "0.5" : "3";
        Path folder = Files.createDirectories(bench.work().resolve("memory"));
        List<JsonNode> lakebook = new ArrayList<>();
        List<JsonNode> ipykernel = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            lakebook.add(memory(bench, folder, Bench.LAKEBOOK_KERNEL, settle));
            ipykernel.add(memory(bench, folder, Bench.IPYKERNEL, settle));
        }
        String peer = "ipykernel " + bench.machine().version("ipykernel");
        String note = "VmRSS of the kernel process from /proc, " + settle + " s after the kernel_info_reply and again "
                + settle + " s after the cell `1 + 1` replied; " + runs + " starts of each kernel.";
        return List.of(
                Row.measured(title(), "idle after start", samples(lakebook, "idle"), new Row.Peer(peer,
                        samples(ipykernel, "idle")), Target.ratioAtMost(2)).withNote(note).ifMissed(MEMORY_CAUSE),
                Row.measured(title(), "idle after one cell", samples(lakebook, "after_cell"), new Row.Peer(peer,
                        samples(ipykernel, "after_cell")), Target.ratioAtMost(2)).withNote(note)
                        .ifMissed(MEMORY_CAUSE));
    }

    static final String MEMORY_CAUSE = "A JVM's resident memory is its heap as far as it was used, the metadata and "
            + "compiled code of every loaded class (after a cell, the Databricks SDK and its HTTP client too) and the "
            + "mapped class-data archive. A smaller young generation (-Xmn) or a cap on the heap would lower it, at "
            + "the price of more frequent collections while large results arrive.";

    private static JsonNode memory(Bench bench, Path folder, String kernel, String settle) throws Exception {
        List<String> command = List.of(bench.python().toString(), bench.pythonScript("kernels.py").toString(),
                "memory", kernel, "--runs", "1", "--settle", settle);
        return Json.lastLine(bench.run(command, folder, bench.jupyterEnv(), Duration.ofMinutes(5))
                .stdoutOrThrow(command));
    }

    private static Samples samples(List<JsonNode> runs, String field) {
        List<Double> values = new ArrayList<>();
        runs.forEach(run -> values.addAll(Json.numbers(run.get(field))));
        return Samples.of("MB", values);
    }
}
