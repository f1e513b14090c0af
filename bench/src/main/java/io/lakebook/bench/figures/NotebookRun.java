package io.lakebook.bench.figures;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.process.Json;
import io.lakebook.bench.process.Processes;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Samples;
import io.lakebook.bench.report.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole notebook of small cells through {@code jupyter execute} (nbclient), start to exit: kernel start, every
 * cell, shutdown. lakebook's kernel runs it on the emulated cluster; ipykernel runs the same file locally.
 */
public final class NotebookRun implements Figure {

    @Override
    public String id() {
        return "notebook";
    }

    @Override
    public String title() {
        return "A 200-cell notebook through jupyter execute";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        int cells = bench.options().quick() ? 10 : 200;
        int warmup = bench.repetitions(1, 0);
        int runs = bench.repetitions(5, 1);
        Path folder = Files.createDirectories(bench.work().resolve("notebook"));
        Path notebook = write(folder.resolve("cells.ipynb"), cells);
        List<Double> lakebook = new ArrayList<>();
        List<Double> ipykernel = new ArrayList<>();
        for (int run = 0; run < warmup + runs; run++) {
            double ours = execute(bench, notebook, Bench.LAKEBOOK_KERNEL);
            double theirs = execute(bench, notebook, Bench.IPYKERNEL);
            if (run >= warmup) {
                lakebook.add(ours);
                ipykernel.add(theirs);
            }
        }
        return List.of(Row.measured(title(), cells + " cells, `jupyter execute` start to exit", Samples.of("ms",
                        lakebook), new Row.Peer("ipykernel " + bench.machine().version("ipykernel") + ", nbclient "
                        + bench.machine().version("nbclient"), Samples.of("ms", ipykernel)), Target.ratioAtMost(1.5))
                .withNote("Whole-process time of `jupyter execute`, the kernels taking turns after " + warmup
                        + " warm-up run of each. Each cell assigns a value and shows it (`value_7 = 7 * 2` then "
                        + "`value_7`), so every cell is a round trip with an execute_result.")
                .ifMissed("lakebook's kernel pays, once, a first cell that starts the Databricks SDK's client and "
                        + "two execution contexts on the cluster (the notebook's and lakebook's own, each a Python "
                        + "process, started together), installs the live-output copy and copies the project; and in "
                        + "every cell the round trips the trivial cell above explains (a cluster read, the command "
                        + "and its status, a read of what it printed). ipykernel runs each cell in its own process. "
                        + "The per-cell fixes named above would bring the 200 cells down the most."));
    }

    private static double execute(Bench bench, Path notebook, String kernel) throws IOException,
            InterruptedException {
        List<String> command = List.of("jupyter", "execute", "--kernel_name=" + kernel, notebook.toString());
        Processes.Result result = bench.run(command, notebook.getParent(), bench.jupyterEnv(), Duration.ofMinutes(10));
        result.stdoutOrThrow(command);
        return result.took().toNanos() / 1e6;
    }

    /** A notebook (nbformat 4.5) of {@code cells} code cells, each assigning a value and showing it. */
    static Path write(Path file, int cells) throws IOException {
        ObjectNode notebook = Json.MAPPER.createObjectNode();
        ArrayNode list = notebook.putArray("cells");
        for (int i = 0; i < cells; i++) {
            ObjectNode cell = list.addObject().put("cell_type", "code").put("id", "cell-" + i);
            cell.putNull("execution_count");
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.put("source", "value_" + i + " = " + i + " * 2\nvalue_" + i);
        }
        notebook.putObject("metadata").putObject("kernelspec").put("name", "python3").put("display_name", "Python 3")
                .put("language", "python");
        notebook.put("nbformat", 4).put("nbformat_minor", 5);
        Files.writeString(file, Json.MAPPER.writeValueAsString(notebook));
        return file;
    }
}
