package io.lakebook.bench.figures;

import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Samples;
import io.lakebook.bench.report.Target;
import io.lakebook.core.remote.Execution;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.core.remote.Session;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.http.RequestLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often lakebook's session asks for a command's status while it runs: the {@code commands/status} calls on the
 * notebook's context between sending a command and its end, counted in the emulator's request log, for commands of
 * 0.1 s, 1 s and 10 s. The Python kernel for Databricks asks once a second (and reads the cluster too).
 */
public final class StatusPolls implements Figure {
    private static final double[] SECONDS = {0.1, 1, 10};
    private static final int[] TARGETS = {4, 8, 15};

    @Override
    public String id() {
        return "polls";
    }

    @Override
    public String title() {
        return "Status polls per command";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        int runs = bench.repetitions(3, 1);
        Emulator emulator = bench.emulator();
        Path project = Files.createDirectories(bench.work().resolve("polls"));
        bench.record("core RemoteSession.execute(\"import time; time.sleep(S)\") for S = 0.1, 1, 10; the emulator's "
                + "request log counts GET /api/1.2/commands/status on the notebook's context");
        List<Row> rows = new ArrayList<>();
        try (Session session = RemoteSession.open(project, bench.workspaceEnv())) {
            run(session, "import time");
            String context = session.info().contextId().orElseThrow();
            for (int i = 0; i < SECONDS.length; i++) {
                List<Integer> polls = new ArrayList<>();
                List<Double> late = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    int mark = emulator.requests().size();
                    long started = System.nanoTime();
                    run(session, String.format(Locale.ROOT, "time.sleep(%s)", SECONDS[i]));
                    late.add((System.nanoTime() - started) / 1e6 - SECONDS[i] * 1000);
                    polls.add(statusPolls(emulator.requests(), mark, context));
                }
                Samples after = Samples.of("ms", late);
                rows.add(Row.measured(title(), "a " + seconds(SECONDS[i]) + " command", Samples.of("polls", polls),
                        null, Target.atMost(TARGETS[i])).withNote("The cell ended " + after.describe() + " after its "
                        + "command's own " + seconds(SECONDS[i]) + "; " + runs + " runs.")
                        .ifMissed("The schedule (at once, 4 ms, 36 ms, 80 ms, then doubling to 1.28 s) gives 4, 7 "
                                + "and 14 polls when each status answers at once; slow answers push the polls later "
                                + "than the command's end, and one more is then needed."));
            }
        }
        return rows;
    }

    private static int statusPolls(List<RequestLog.Entry> log, int mark, String context) {
        int polls = 0;
        for (RequestLog.Entry entry : log.subList(mark, log.size())) {
            if (entry.method().equals("GET") && entry.path().equals("/api/1.2/commands/status")
                    && entry.contextId().equals(context)) {
                polls++;
            }
        }
        return polls;
    }

    private static void run(Session session, String code) throws InterruptedException {
        Execution execution = session.execute(code, ProgressListener.NONE);
        if (execution.status() != Execution.Status.OK) {
            throw new IllegalStateException("the command " + code + " failed: " + execution.outputs());
        }
    }

    private static String seconds(double value) {
        return (value == Math.rint(value) ? String.valueOf((int) value) : String.valueOf(value)) + " s";
    }
}
