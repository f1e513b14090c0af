package io.lakebook.bench.figures;

import io.lakebook.bench.Bench;
import io.lakebook.bench.Figure;
import io.lakebook.bench.SyncBenchmark;
import io.lakebook.bench.jmh.Jmh;
import io.lakebook.bench.jmh.SyncCheckBenchmark;
import io.lakebook.bench.report.Row;
import io.lakebook.bench.report.Samples;
import io.lakebook.bench.report.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Project sync on a generated project of 10,000 small files: the check before a cell when nothing changed (JMH),
 * next to a full zip of the same tree, which the Python kernel for Databricks builds and sends on any change; then
 * what travels through a real session on the emulator after no change and after one changed file.
 */
public final class SyncCheck implements Figure {

    @Override
    public String id() {
        return "sync";
    }

    @Override
    public String title() {
        return "Sync no-change check on 10,000 files";
    }

    @Override
    public List<Row> measure(Bench bench) throws Exception {
        int files = bench.options().quick() ? 1_000 : 10_000;
        String count = String.format(Locale.ROOT, "%,d", files);
        Map<String, String> params = Map.of("files", String.valueOf(files));
        Jmh.Measured check = Jmh.run(bench, SyncCheckBenchmark.class, "noChangeCheck", params, false);
        Jmh.Measured zip = Jmh.run(bench, SyncCheckBenchmark.class, "fullZip", params, false);
        Path project = Files.createDirectories(bench.work().resolve("sync-project"));
        SyncBenchmark.generate(project, files);
        long zipBytes = SyncBenchmark.zip(project);
        bench.record("core RemoteSession on the emulator: three cells, the first copying the project, one after no "
                + "change, one after editing " + "pkg1/module50.py; the request log gives what sync sent");
        SyncBenchmark.Travel travel = SyncBenchmark.throughEmulator(project, bench.emulator());
        return List.of(
                Row.measured(title(), "no-change check before a cell, " + count + " files", check.time(),
                        new Row.Peer("a full zip of the same files (the Python kernel for Databricks, on any change)",
                                zip.time()), Target.atMost(150))
                        .withNote("JMH, with the kernel's JVM options. The check walks the tree with the ignore rules, "
                                + "compares sizes and times with the manifest and hashes what differs; the zip of "
                                + String.format(Locale.ROOT, "%,d", zipBytes) + " bytes (" + String.format(Locale.ROOT,
                                "%,d", SyncBenchmark.base64(zipBytes)) + " as base64) gets the file list for free.")
                        .ifMissed("The check lists every file and reads its times with one system call each; "
                                + "a file-system watch (inotify) between cells would make it a look at what changed."),
                Row.measured(title(), "bytes sent for sync in a cell after no change",
                        Samples.one("bytes", travel.noChangeBytes()), null, null)
                        .withNote(travel.noChange().size() + " sync requests; the cell took "
                                + Math.round(travel.noChangeCellMillis()) + " ms."),
                Row.measured(title(), "bytes sent for sync after one " + travel.changedFileBytes() + "-byte file "
                                + "changed", Samples.one("bytes", travel.oneChangeBytes()),
                        new Row.Peer("the Python kernel for Databricks: the whole tree as base64",
                                Samples.one("bytes", SyncBenchmark.base64(zipBytes))), null)
                        .withNote(travel.oneChange().size() + " sync requests, from the emulator's request log."));
    }
}
