package io.lakebook.bench.figures;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.Language;
import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.process.Json;
import io.lakebook.bench.process.LineProcess;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Samples;
import io.lakebook.bench.report.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One trivial cell, {@code execute_request} to {@code execute_reply}, through lakebook's kernel driven by
 * jupyter_client, against the floor: the same command sent straight through databricks-sdk-java to the same
 * emulated cluster, its status read back to back until it finished, which no client of the API can beat. The two
 * take turns in blocks, both warmed first.
 */
public final class CellRoundTrip implements Figure {
    static final String CODE = "1 + 1";

    @Override
    public String id() {
        return "cell";
    }

    @Override
    public String title() {
        return "One trivial cell, execute_request to execute_reply";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        int blocks = bench.repetitions(10, 1);
        int perBlock = bench.repetitions(20, 3);
        int warmup = bench.repetitions(30, 2);
        Path folder = Files.createDirectories(bench.work().resolve("cell"));
        List<String> driver = List.of(bench.python().toString(), bench.pythonScript("kernels.py").toString(), "cells",
                Bench.LAKEBOOK_KERNEL);
        bench.record(String.join(" ", driver) + "  # then {\"code\": \"" + CODE + "\", \"runs\": " + perBlock + "}");
        bench.record("databricks-sdk-java: commandExecution().execute(" + CODE + "), then commandStatus(…) back to "
                + "back until Finished");
        List<Double> kernel = new ArrayList<>();
        List<Double> empty = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        try (LineProcess cells = new LineProcess(driver, folder, bench.jupyterEnv());
             Floor sdk = new Floor(bench.workspace(), bench.emulator().defaultClusterId())) {
            cells.read();
            cells.ask(Map.of("code", CODE, "warmup", warmup, "runs", 1));
            sdk.times(warmup);
            for (int block = 0; block < blocks; block++) {
                kernel.addAll(Json.numbers(cells.ask(Map.of("code", CODE, "runs", perBlock)).get("ms")));
                floor.addAll(sdk.times(perBlock));
                empty.addAll(Json.numbers(cells.ask(Map.of("code", "", "runs", perBlock)).get("ms")));
            }
        }
        return List.of(Row.measured(title(), "`" + CODE + "`, execute_request to execute_reply", Samples.of("ms",
                        kernel), new Row.Peer("the floor: databricks-sdk-java " + bench.machine()
                        .version("databricks-sdk-java") + " straight to the cluster", Samples.of("ms", floor)),
                Target.ratioAtMost(1.15))
                .withNote("The kernel's time is taken by jupyter_client in Python, from sending execute_request to "
                        + "reading execute_reply; the floor's in the suite's JVM, from the execute call to the status "
                        + "that says Finished. Both run on the same emulated cluster; " + warmup + " warm-up cells "
                        + "each, then " + blocks + " blocks of " + perBlock + " taking turns.")
                        .ifMissed(CAUSE),
                Row.measured(title(), "an empty cell, which the kernel answers without the cluster",
                        Samples.of("ms", empty), null, null)
                        .withNote("What Jupyter messaging alone costs, client included: part of the cell's time "
                                + "above that the floor does not pay."));
    }

    static final String CAUSE = "The floor sends one command. lakebook's kernel also reads the cluster's state "
            + "before each cell (so that a cell after a restart runs once, in a fresh context, and says so) and, once "
            + "the command ended, runs one short command on its own execution context that reads what the cell "
            + "printed: that keeps printed text in order with clear_output and shows it above an error, which the "
            + "command's result alone does not. Jupyter messaging adds the empty cell's time. The reading command "
            + "could be skipped when nothing was printed, or sent together with the status read, if the notebook's "
            + "context marked the end of each command in its copy of the output (IPython's post_run_cell event); the "
            + "cluster read could be left out for cells run back to back if a context found gone when the cell is "
            + "sent also copied the project again. Neither is done yet.";

    /** The least a client of the Command Execution API can do: execute, then read the status until it finished. */
    static final class Floor implements AutoCloseable {
        private final WorkspaceClient workspace;
        private final String cluster;
        private final String context;

        Floor(WorkspaceClient workspace, String cluster) throws InterruptedException {
            this.workspace = workspace;
            this.cluster = cluster;
            this.context = workspace.commandExecution().create(new CreateContext().setClusterId(cluster)
                    .setLanguage(Language.PYTHON)).getResponse().getId();
            while (workspace.commandExecution().contextStatus(cluster, context).getStatus() != ContextStatus.RUNNING) {
                Thread.sleep(10);
            }
        }

        List<Double> times(int runs) {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long started = System.nanoTime();
                String id = workspace.commandExecution().execute(new Command().setClusterId(cluster)
                        .setContextId(context).setLanguage(Language.PYTHON).setCommand(CODE)).getResponse().getId();
                CommandStatusResponse status;
                do {
                    status = workspace.commandExecution().commandStatus(cluster, context, id);
                } while (status.getStatus() != CommandStatus.FINISHED && status.getStatus() != CommandStatus.ERROR
                        && status.getStatus() != CommandStatus.CANCELLED);
                times.add((System.nanoTime() - started) / 1e6);
                if (status.getStatus() != CommandStatus.FINISHED) {
                    throw new IllegalStateException("the floor's command ended " + status.getStatus());
                }
            }
            return times;
        }

        @Override
        public void close() {
            workspace.commandExecution().destroy(new DestroyContext().setClusterId(cluster).setContextId(context));
        }
    }
}
