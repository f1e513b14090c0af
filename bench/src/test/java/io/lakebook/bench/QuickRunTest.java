package io.lakebook.bench;

import io.lakebook.bench.figures.GuardPlan;
import io.lakebook.bench.report.FigureResult;
import io.lakebook.bench.report.Report;
import io.lakebook.bench.report.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite in its quick mode, as CI runs it: every figure is produced, with lakebook's samples and, where the target
 * is a ratio, the peer's from the same run, and the report shows them. Nothing here is about speed.
 */
class QuickRunTest {

    @Test
    void quickRunProducesEveryFigureWithItsPeerAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("lakebook.root", "..")).toAbsolutePath().normalize();
        Path jar = Path.of(System.getProperty("lakebook.jar", "")).toAbsolutePath();
        BenchOptions options = new BenchOptions(true, 1, Set.of(), dir.resolve("benchmarks.md"),
                Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty(), root);

        Report.Run run = BenchMain.run(options, "./bench/run.sh --quick", System.err);
        String report = Files.readString(dir.resolve("benchmarks.md"));

        List<String> ids = run.figures().stream().map(FigureResult::id).toList();
        assertEquals(Figures.all().stream().map(Figure::id).toList(), ids, "every figure ran, in order");
        for (FigureResult figure : run.figures()) {
            assertFalse(figure.failed(), figure.title() + " failed: " + figure.rows());
            assertTrue(report.contains("### " + figure.title()), figure.title() + " in\n" + report);
            for (Row row : figure.rows()) {
                assertTrue(row.lakebook().isPresent(), figure.title() + ", " + row.measure() + " was measured");
                boolean ratio = row.target().map(target -> target.ratio()).orElse(false);
                assertTrue(!ratio || row.peer().isPresent(), row.measure() + " has its peer from the same run");
                assertTrue(row.verdict() != Row.Verdict.NOT_MEASURED, row.measure());
            }
        }
        assertTrue(report.contains("quick run"), "a quick report says that it says nothing about speed");
        assertTrue(report.contains("| CPU |") && report.contains("| ipykernel |"), "the machine and the versions");
    }

    /** The guard's plan is timed from generated usage of the size the figure names, and every user is decided. */
    @Test
    void guardFigurePlansEveryUserOfItsGeneratedWorkspace(@TempDir Path root) throws Exception {
        BenchOptions options = new BenchOptions(true, 1, Set.of(GuardPlan.ID), root.resolve("b.md"), Optional.empty(),
                root);
        try (Bench bench = new Bench(options)) {
            Row row = new GuardPlan().measure(bench).get(0);
            assertTrue(row.lakebook().isPresent(), row.toString());
            assertTrue(row.note().contains("each of 1,000 users"), row.note());
        }
    }
}
