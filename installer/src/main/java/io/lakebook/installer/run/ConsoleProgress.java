package io.lakebook.installer.run;

import io.lakebook.core.remote.Execution;
import io.lakebook.installer.command.Console;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.ArrayList;
import java.util.List;

/**
 * Shows a run as it goes: a progress bar on a terminal, or one line per cell when the output is a file or a pipe
 * (a CI log reads better that way). Failures are always printed in full.
 */
public final class ConsoleProgress implements NotebookRunner.Listener, AutoCloseable {

    private final Console console;
    private final ProgressBar bar;
    private final List<String> failures = new ArrayList<>();
    private String lastProgress = "";
    private long cellStarted;

    private ConsoleProgress(Console console, ProgressBar bar) {
        this.console = console;
        this.bar = bar;
    }

    /** A bar when stdout is a terminal and {@code bar} is allowed, lines otherwise. */
    public static ConsoleProgress forCells(Console console, int codeCells, boolean bar) {
        if (!bar || System.console() == null) {
            return new ConsoleProgress(console, null);
        }
        ProgressBar progress = new ProgressBarBuilder().setTaskName("Running").setInitialMax(codeCells)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" cells", 1)
                .setConsumer(new ConsoleProgressBarConsumer(console.err())).continuousUpdate().build();
        return new ConsoleProgress(console, progress);
    }

    @Override
    public void cellStarted(int number, String firstLine) {
        cellStarted = System.nanoTime();
        if (bar != null) {
            bar.setExtraMessage(" " + (firstLine.length() > 40 ? firstLine.substring(0, 37) + "..." : firstLine));
            return;
        }
        console.out().println("[" + number + "] " + firstLine);
    }

    @Override
    public void cellFinished(int number, Execution execution) {
        double seconds = (System.nanoTime() - cellStarted) / 1e9;
        if (bar != null) {
            bar.step();
        } else {
            String outcome = execution.status() == Execution.Status.CANCELLED ? "cancelled"
                    : execution.error().isPresent() ? "failed" : "ok";
            console.out().printf("    %s (%.1f s)%n", outcome, seconds);
        }
        // With a bar on the line, failures wait until it is closed, so neither garbles the other.
        execution.error().ifPresent(error -> failures.add("Cell " + number + " failed: " + error.name() + ": "
                + error.message()));
        if (bar == null) {
            flushFailures();
        }
    }

    @Override
    public void progress(String line) {
        String withoutSeconds = line.replaceAll(": \\d+ s$", "");
        if (withoutSeconds.equals(lastProgress)) {
            return;
        }
        lastProgress = withoutSeconds;
        if (bar != null) {
            bar.setExtraMessage(" " + withoutSeconds);
        } else {
            console.err().println("    " + line);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
        flushFailures();
    }

    private void flushFailures() {
        failures.forEach(console.err()::println);
        failures.clear();
    }
}
