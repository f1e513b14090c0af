package io.lakebook.bench.jmh;

import io.lakebook.bench.SyncBenchmark;
import io.lakebook.core.sync.ProjectScanner;
import io.lakebook.core.sync.Scan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The check lakebook runs before every cell on an unchanged project, against the Python kernel for Databricks' way
 * on any change: a zip of the whole tree. Both on the same generated project.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SyncCheckBenchmark {

    @Param({"10000"})
    public int files;

    private Path project;
    private ProjectScanner scanner;
    private Scan remote;
    private List<String> paths;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        project = Files.createTempDirectory("lakebook-sync-jmh-");
        SyncBenchmark.generate(project, files);
        scanner = SyncBenchmark.scanner(project);
        remote = scanner.scan();
        paths = List.copyOf(remote.files().keySet());
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        SyncBenchmark.delete(project);
    }

    @Benchmark
    public boolean noChangeCheck() {
        if (SyncBenchmark.changed(scanner, remote)) {
            throw new IllegalStateException("an unchanged project looked changed");
        }
        return false;
    }

    /** The zip alone, of the files the scan found once: the walk of the tree is left to the check's side. */
    @Benchmark
    public long fullZip() throws IOException {
        return SyncBenchmark.zip(project, paths);
    }
}
