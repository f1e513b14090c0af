package io.lakebook.bench;

import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.RemoteSession;
import io.lakebook.core.remote.Session;
import io.lakebook.core.sync.ProjectScanner;
import io.lakebook.core.sync.Scan;
import io.lakebook.core.sync.SyncPlan;
import io.lakebook.core.sync.SyncSettings;
import io.lakebook.emulator.Emulator;
import io.lakebook.emulator.http.RequestLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Project sync on a generated project of many small files (10,000 by default): the check before a cell when nothing
 * changed, and what travels when one file changes, measured through a real session against the emulator; next to
 * them, the Python kernel for Databricks' approach on the same tree (one zip of everything, sent as base64 on any
 * change). Prints its figures; {@code bench/sync-benchmark.sh} runs it.
 */
public final class SyncBenchmark {
    private static final int ROUNDS = 30;

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        run(files, System.out);
    }

    /** Runs the benchmark on a project of {@code fileCount} files and prints one figure a line to {@code out}. */
    public static void run(int fileCount, PrintStream out) throws Exception {
        Path project = Files.createTempDirectory("lakebook-sync-bench-");
        try {
            generate(project, fileCount);
            out.printf("project: %d files, %d bytes%n", fileCount, size(project));
            localCheck(project, out);
            pythonKernelApproach(project, out);
            throughEmulator(project, out);
        } finally {
            delete(project);
        }
    }

    /** Folders of 50 modules each, a few hundred bytes apiece, plus a .gitignore as a real project has. */
    private static void generate(Path project, int fileCount) throws IOException {
        Files.writeString(Files.createDirectories(project).resolve(".gitignore"), "*.log\n__pycache__/\n");
        Files.createDirectories(project.resolve(".databricks"));
        Files.writeString(project.resolve(".databricks/lakebook.json"), "{}");
        for (int i = 1; i < fileCount; i++) {
            Path folder = Files.createDirectories(project.resolve("pkg" + (i / 50)));
            Files.writeString(folder.resolve("module" + i + ".py"), ("def f" + i + "(x):\n    return x + " + i
                    + "\n").repeat(1 + i % 7));
        }
    }

    private static void localCheck(Path project, PrintStream out) {
        ProjectScanner scanner = new ProjectScanner(project, SyncSettings.DEFAULTS, "lakebook.json");
        long started = System.nanoTime();
        Scan first = scanner.scan();
        out.printf("first scan (reads and hashes every file): %.1f ms%n", millis(started));
        List<Double> checks = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            boolean changed = !SyncPlan.between(scanner.scan().files(), first.files()).isEmpty();
            checks.add(millis(start));
            if (changed) {
                throw new IllegalStateException("an unchanged project looked changed");
            }
        }
        Collections.sort(checks);
        out.printf("no-change check before a cell: median %.1f ms, slowest %.1f ms over %d rounds (target < 150 ms)%n",
                checks.get(checks.size() / 2), checks.get(checks.size() - 1), ROUNDS);
    }

    private static void pythonKernelApproach(Path project, PrintStream out) throws IOException {
        Scan scan = new ProjectScanner(project, SyncSettings.DEFAULTS, "lakebook.json").scan();
        long started = System.nanoTime();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream stream = new ZipOutputStream(zip)) {
            for (String path : scan.files().keySet()) {
                stream.putNextEntry(new ZipEntry(path));
                stream.write(Files.readAllBytes(project.resolve(path)));
                stream.closeEntry();
            }
        }
        long base64 = (zip.size() + 2) / 3 * 4L;
        out.printf("python kernel approach, on any change: zip of the whole tree %d bytes (%.1f ms to build), "
                + "%d bytes as base64 in commands%n", zip.size(), millis(started), base64);
    }

    private static void throughEmulator(Path project, PrintStream out) throws Exception {
        try (Emulator emulator = Emulator.builder().build().start();
             Session session = RemoteSession.open(project, Map.of("DATABRICKS_HOST", emulator.host(),
                     "DATABRICKS_TOKEN", emulator.token(), "DATABRICKS_CLUSTER_ID", emulator.defaultClusterId(),
                     "DATABRICKS_CONFIG_FILE", project.resolve("no-databrickscfg").toString()))) {
            long started = System.nanoTime();
            cell(session, "'first cell'");
            out.printf("first cell (cluster start, context, full copy): %.0f ms%n", millis(started));
            int mark = emulator.requests().size();
            started = System.nanoTime();
            cell(session, "'no change'");
            double noChange = millis(started);
            List<RequestLog.Entry> quiet = sync(emulator.requests(), mark);
            out.printf("cell after no change: %.0f ms, %d sync requests, %d bytes sent for sync%n", noChange,
                    quiet.size(), bytes(quiet));
            Path changed = project.resolve("pkg1/module50.py");
            Files.writeString(changed, Files.readString(changed) + "# edited\n");
            mark = emulator.requests().size();
            cell(session, "'one change'");
            List<RequestLog.Entry> sent = sync(emulator.requests(), mark);
            out.printf("cell after one file changed (%d bytes): %d sync requests, %d bytes sent for sync%n",
                    Files.size(changed), sent.size(), bytes(sent));
        }
    }

    private static void cell(Session session, String code) throws InterruptedException {
        var execution = session.execute(code, ProgressListener.NONE);
        if (execution.status() != io.lakebook.core.remote.Execution.Status.OK) {
            throw new IllegalStateException("the benchmark's cell failed: " + execution.outputs());
        }
    }

    /** The requests since {@code mark} that sync sent: its commands, and any DBFS or Files API call. */
    private static List<RequestLog.Entry> sync(List<RequestLog.Entry> log, int mark) {
        return log.subList(mark, log.size()).stream().filter(e -> e.command().contains("_lakebook_sync")
                || e.command().contains("sys.path.insert(0, DIR)") || e.command().contains("importlib.reload(")
                || e.path().startsWith("/api/2.0/dbfs") || e.path().startsWith("/api/2.0/fs")).toList();
    }

    private static long bytes(List<RequestLog.Entry> entries) {
        return entries.stream().mapToLong(RequestLog.Entry::bodyBytes).sum();
    }

    private static double millis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e6;
    }

    private static long size(Path project) throws IOException {
        try (var paths = Files.walk(project)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void delete(Path project) throws IOException {
        try (var paths = Files.walk(project)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
