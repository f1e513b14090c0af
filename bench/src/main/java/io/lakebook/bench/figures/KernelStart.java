package io.lakebook.bench.figures;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.process.Json;
import io.lakebook.bench.report.Numbers;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Samples;
import io.lakebook.bench.report.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A kernel's start as a notebook sees it: jupyter_client's {@code KernelManager.start_kernel()} until the
 * {@code kernel_info_reply} arrives, for lakebook's kernel (its kernel spec as {@code lakebook install --kernel}
 * writes it) and Debian's ipykernel, taking turns in one Python process.
 */
public final class KernelStart implements Figure {

    @Override
    public String id() {
        return "kernel-start";
    }

    @Override
    public String title() {
        return "Kernel start to kernel_info_reply";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        int warmup = bench.repetitions(3, 1);
        int runs = bench.repetitions(30, 1);
        Path folder = Files.createDirectories(bench.work().resolve("kernel-start"));
        List<String> command = List.of(bench.python().toString(), bench.pythonScript("kernels.py").toString(),
                "start", Bench.LAKEBOOK_KERNEL, Bench.IPYKERNEL, "--warmup", String.valueOf(warmup), "--runs",
                String.valueOf(runs));
        JsonNode times = Json.lastLine(bench.run(command, folder, bench.jupyterEnv(), Duration.ofMinutes(10))
                .stdoutOrThrow(command));
        Samples lakebook = Samples.of("ms", Json.numbers(times.get(Bench.LAKEBOOK_KERNEL)));
        Samples ipykernel = Samples.of("ms", Json.numbers(times.get(Bench.IPYKERNEL)));
        List<String> bindCommand = List.of(bench.python().toString(), bench.pythonScript("kernels.py").toString(),
                "bind", Bench.LAKEBOOK_KERNEL, Bench.IPYKERNEL, "--warmup", String.valueOf(warmup), "--runs",
                String.valueOf(runs));
        JsonNode bound = Json.lastLine(bench.run(bindCommand, folder, bench.jupyterEnv(), Duration.ofMinutes(10))
                .stdoutOrThrow(bindCommand));
        String peer = "ipykernel " + bench.machine().version("ipykernel");
        Samples ourBind = Samples.of("ms", Json.numbers(bound.get(Bench.LAKEBOOK_KERNEL)));
        Samples peerBind = Samples.of("ms", Json.numbers(bound.get(Bench.IPYKERNEL)));
        return List.of(Row.measured(title(), "start_kernel() to kernel_info_reply", lakebook,
                        new Row.Peer(peer, ipykernel), Target.ratioAtMost(0.6))
                        .withNote("Each start is a new process, " + warmup + " warm-up starts of each kernel first; "
                                + "the kernels take turns. The time includes jupyter_client's own work (connection "
                                + "file, ZeroMQ connect) for both.")
                        .ifMissed(String.format(START_CAUSE, Numbers.format(ourBind.median()),
                                Numbers.format(peerBind.median()))),
                Row.measured(title(), "process start to the shell socket bound", ourBind, new Row.Peer(peer, peerBind),
                                null)
                        .withNote("Each kernel started from its spec's argv and its shell port tried every half "
                                + "millisecond. jupyter_client connects at once and, refused, again only every 100 ms "
                                + "(ZeroMQ's reconnect interval), so the figure above is the first retry after this."));
    }

    static final String START_CAUSE = "jupyter_client connects at once and, refused, retries only every 100 ms, so "
            + "a kernel is answered at the first retry after its sockets are bound: the figure moves in steps of "
            + "100 ms. lakebook's kernel bound its sockets after %s ms (ipykernel after %s ms, next row), nearly all "
            + "of it the JVM's own start and the first use of ZeroMQ, Jackson, logging and the JCE, with lakebook's "
            + "class-data archive mapped and that first use spread over two threads; a start whose bind falls just "
            + "after a retry waits for the next one. The rest would go with an ahead-of-time image of the kernel: a "
            + "Java 25 AOT cache (which also keeps linked lambdas and the JIT's profiles) or a GraalVM native image, "
            + "both beyond the Java 17 lakebook is built for.";
}
