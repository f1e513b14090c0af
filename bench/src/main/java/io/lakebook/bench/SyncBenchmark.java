package io.lakebook.bench;

import io.lakebook.core.remote.Execution;
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
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Project sync on a generated project of many small files (10,000 by default): the check before a cell when nothing
 * changed, and what travels when one file changes, measured through a real session against the emulator; next to
 * them, the Python kernel for Databricks' approach on the same tree (one zip of everything, sent as base64 on any
 * change). {@code bench/sync-benchmark.sh} prints these figures alone; the suite's sync figure measures the check
 * and the zip with JMH and takes what travels from {@link #throughEmulator}.
 */
public final class SyncBenchmark {
    private static final int ROUNDS = 30;
    /** The file {@link #throughEmulator} edits between its second and third cell. */
    static final String EDITED = "pkg1/module50.py";

    private SyncBenchmark() {
    }

    /** What travelled to the cluster in three cells: the first, one after no change, one after one file changed. */
    public record Travel(double firstCellMillis, double noChangeCellMillis, List<RequestLog.Entry> noChange,
                         long changedFileBytes, List<RequestLog.Entry> oneChange) {

        public long noChangeBytes() {
            return bytes(noChange);
        }

        public long oneChangeBytes() {
            return bytes(oneChange);
        }
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
            long zip = zip(project);
            out.printf("python kernel approach, on any change: zip of the whole tree %d bytes, %d bytes as base64 in "
                    + "commands%n", zip, base64(zip));
            try (Emulator emulator = Emulator.builder().build().start()) {
                print(throughEmulator(project, emulator), out);
            }
        } finally {
            delete(project);
        }
    }

    /** Folders of 50 modules each, a few hundred bytes apiece, plus a .gitignore as a real project has. */
    public static void generate(Path project, int fileCount) throws IOException {
        Files.writeString(Files.createDirectories(project).resolve(".gitignore"), "*.log\n__pycache__/\n");
        Files.createDirectories(project.resolve(".databricks"));
        Files.writeString(project.resolve(".databricks/lakebook.json"), "{}");
        for (int i = 1; i < fileCount; i++) {
            Path folder = Files.createDirectories(project.resolve("pkg" + (i / 50)));
            Files.writeString(folder.resolve("module" + i + ".py"), ("def f" + i + "(x):\n    return x + " + i
                    + "\n").repeat(1 + i % 7));
        }
    }

    /** The scanner lakebook runs before every cell, with the settings of a project file that sets nothing. */
    public static ProjectScanner scanner(Path project) {
        return new ProjectScanner(project, SyncSettings.DEFAULTS, "lakebook.json");
    }

    /** The check before a cell: scan the project and compare it with what the driver holds. */
    public static boolean changed(ProjectScanner scanner, Scan remote) {
        return !SyncPlan.between(scanner.scan().files(), remote.files()).isEmpty();
    }

    /** The Python kernel for Databricks' way: one zip of every file the scan keeps; returns its size in bytes. */
    public static long zip(Path project) throws IOException {
        return zip(project, scanner(project).scan().files().keySet());
    }

    /** A zip of {@code paths} under {@code project}, as the Python kernel for Databricks sends on any change. */
    public static long zip(Path project, Collection<String> paths) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream stream = new ZipOutputStream(zip)) {
            for (String path : paths) {
                stream.putNextEntry(new ZipEntry(path));
                stream.write(Files.readAllBytes(project.resolve(path)));
                stream.closeEntry();
            }
        }
        return zip.size();
    }

    public static long base64(long bytes) {
        return (bytes + 2) / 3 * 4L;
    }

    private static void localCheck(Path project, PrintStream out) {
        ProjectScanner scanner = scanner(project);
        long started = System.nanoTime();
        Scan first = scanner.scan();
        out.printf("first scan (reads and hashes every file): %.1f ms%n", millis(started));
        List<Double> checks = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            boolean changed = changed(scanner, first);
            checks.add(millis(start));
            if (changed) {
                throw new IllegalStateException("an unchanged project looked changed");
            }
        }
        Collections.sort(checks);
        out.printf("no-change check before a cell: median %.1f ms, slowest %.1f ms over %d rounds (target < 150 ms)%n",
                checks.get(checks.size() / 2), checks.get(checks.size() - 1), ROUNDS);
    }

    private static void print(Travel travel, PrintStream out) {
        out.printf("first cell (cluster start, context, full copy): %.0f ms%n", travel.firstCellMillis());
        out.printf("cell after no change: %.0f ms, %d sync requests, %d bytes sent for sync%n",
                travel.noChangeCellMillis(), travel.noChange().size(), travel.noChangeBytes());
        out.printf("cell after one file changed (%d bytes): %d sync requests, %d bytes sent for sync%n",
                travel.changedFileBytes(), travel.oneChange().size(), travel.oneChangeBytes());
    }

    /**
     * Three cells through a real session on {@code emulator}: the first copies the project, the second finds nothing
     * changed, the third follows an edit of one file. {@code project} is left with that edit.
     */
    public static Travel throughEmulator(Path project, Emulator emulator) throws Exception {
        try (Session session = RemoteSession.open(project, Map.of("DATABRICKS_HOST", emulator.host(),
                "DATABRICKS_TOKEN", emulator.token(), "DATABRICKS_CLUSTER_ID", emulator.defaultClusterId(),
                "DATABRICKS_CONFIG_FILE", project.resolve("no-databrickscfg").toString()))) {
            long started = System.nanoTime();
            cell(session, "'first cell'");
            double first = millis(started);
            int mark = emulator.requests().size();
            started = System.nanoTime();
            cell(session, "'no change'");
            double noChange = millis(started);
            List<RequestLog.Entry> quiet = sync(emulator.requests(), mark);
            Path changed = project.resolve(EDITED);
            Files.writeString(changed, Files.readString(changed) + "# edited\n");
            mark = emulator.requests().size();
            cell(session, "'one change'");
            return new Travel(first, noChange, quiet, Files.size(changed), sync(emulator.requests(), mark));
        }
    }

    private static void cell(Session session, String code) throws InterruptedException {
        Execution execution = session.execute(code, ProgressListener.NONE);
        if (execution.status() != Execution.Status.OK) {
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

    public static long size(Path project) throws IOException {
        try (Stream<Path> paths = Files.walk(project)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    public static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
