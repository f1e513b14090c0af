package io.lakebook.goose.tool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.remote.Execution;
import io.lakebook.goose.render.OutputView;
import io.lakebook.goose.render.Piece;
import io.lakebook.goose.render.Pieces;
import io.lakebook.goose.run.Run;
import io.lakebook.goose.run.Step;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What a model is told about a run: where it stands, a line per cell, the outputs sized to fit one answer, and the
 * next call to make.
 */
final class RunReport {

    /** The least each cell's outputs get when many cells share one answer. */
    private static final int MIN_PER_CELL = 2_000;

    private RunReport() {
    }

    /** Waits up to {@code seconds} for the run, passing its progress on and cancelling it if the call is cancelled. */
    static boolean await(Run run, int seconds, CallContext context) throws InterruptedException {
        java.util.function.Consumer<String> watcher = context::progress;
        run.watch(watcher);
        context.onCancel(run::cancel);
        try {
            return run.await(Duration.ofSeconds(seconds));
        } finally {
            run.unwatch(watcher);
        }
    }

    static ToolResult of(Run run, CallContext context) {
        if (!run.isDone()) {
            return running(run);
        }
        StringBuilder text = new StringBuilder(headline(run));
        run.steps().forEach(step -> text.append('\n').append(stepLine(step)));
        text.append(nextStep(run, context));
        List<Piece> images = new ArrayList<>();
        int budget = Math.max(MIN_PER_CELL, OutputView.PER_CALL / Math.max(1, run.steps().size()));
        for (Step step : run.steps()) {
            step.execution().filter(e -> !e.outputs().isEmpty()).ifPresent(execution -> {
                List<Piece> pieces = Pieces.of(execution.outputs());
                text.append("\n\n--- ").append(label(step)).append(" output ---\n")
                        .append(OutputView.capped(pieces, budget, readMore(run, step, context)));
                images.addAll(pieces);
            });
        }
        ToolResult result = run.state() == Run.State.BROKEN ? ToolResult.error(text.toString())
                : ToolResult.text(text.toString());
        OutputView.images(images).forEach(result::image);
        return result.structured(structured(run));
    }

    /** A window into one step's outputs, for {@code run_poll} with an offset. */
    static ToolResult window(Run run, Step step, int offset, CallContext context) {
        List<Piece> pieces = Pieces.of(step.execution().map(Execution::outputs).orElse(List.of()));
        return ToolResult.text("Outputs of " + label(step) + " in run " + run.handle() + " from offset " + offset
                + ":\n" + OutputView.window(pieces, offset, readMore(run, step, context)));
    }

    private static ToolResult running(Run run) {
        StringBuilder text = new StringBuilder("Run " + run.handle() + " (" + run.title() + ") is still running after "
                + run.elapsed().toSeconds() + " s: now " + run.current() + ".");
        if (!run.lastProgress().isBlank()) {
            text.append(" Last progress: ").append(run.lastProgress());
        }
        run.steps().forEach(step -> text.append('\n').append(stepLine(step)));
        text.append("\nWait for it with run_poll(handle=\"").append(run.handle()).append("\"), or stop it with "
                + "run_cancel(handle=\"").append(run.handle()).append("\").");
        return ToolResult.text(text.toString()).structured(structured(run));
    }

    private static String headline(Run run) {
        String state = switch (run.state()) {
            case FINISHED -> "finished";
            case FAILED -> "stopped at an error";
            case CANCELLED -> "was cancelled";
            case BROKEN -> "could not run";
            case RUNNING -> "is running";
        };
        String ran = run.steps().stream().filter(s -> s.execution().isPresent()).count() + " of " + run.planned()
                + " ran";
        String line = "Run " + run.handle() + " (" + run.title() + ") " + state + " after "
                + seconds(run.elapsed()) + " (" + ran + ").";
        return run.state() == Run.State.BROKEN ? line + "\n" + run.failure() : line;
    }

    private static String stepLine(Step step) {
        String status = step.execution().map(e -> switch (e.status()) {
            case OK -> "ok";
            case ERROR -> "ERROR " + e.error().map(err -> err.name() + ": " + firstLine(err.message())).orElse("");
            case CANCELLED -> "cancelled";
        }).orElse(step.note());
        String count = step.executionCount() == null ? "" : " [" + step.executionCount() + "]";
        String note = step.execution().isPresent() && !step.note().isBlank() ? " (" + step.note() + ")" : "";
        return "- " + label(step) + count + " " + status + " in " + seconds(step.took()) + note;
    }

    private static String nextStep(Run run, CallContext context) {
        Step failed = run.steps().stream().filter(Step::failed).findFirst().orElse(null);
        if (failed == null || failed.cellId() == null) {
            return "";
        }
        String path = run.notebook().map(p -> context.paths().display(p)).orElse("");
        return "\nCell '" + failed.cellId() + "' failed" + (run.state() == Run.State.FAILED
                && run.steps().indexOf(failed) == run.steps().size() - 1 ? " and the run stopped there" : "")
                + ". Fix it with cell_edit, then run it again with notebook_run(path=\"" + path + "\", cell_id=\""
                + failed.cellId() + "\").";
    }

    private static String label(Step step) {
        return step.cellId() == null ? "scratch code" : "cell '" + step.cellId() + "'"
                + (step.index() >= 0 ? " (index " + step.index() + ")" : "");
    }

    private static IntFunction<String> readMore(Run run, Step step, CallContext context) {
        boolean saved = run.notebook().isPresent() && step.note().isBlank();
        if (saved) {
            String path = context.paths().display(run.notebook().get());
            return offset -> "cell_read(path=\"" + path + "\", cell_id=\"" + step.cellId() + "\", offset=" + offset
                    + ")";
        }
        String cell = step.cellId() == null ? "" : ", cell_id=\"" + step.cellId() + "\"";
        return offset -> "run_poll(handle=\"" + run.handle() + "\"" + cell + ", offset=" + offset + ")";
    }

    private static ObjectNode structured(Run run) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("handle", run.handle())
                .put("state", run.state().name().toLowerCase(java.util.Locale.ROOT))
                .put("done", run.isDone()).put("elapsed_seconds", run.elapsed().toMillis() / 1000.0);
        ArrayNode steps = json.putArray("cells");
        for (Step step : run.steps()) {
            ObjectNode s = steps.addObject().put("cell_id", step.cellId()).put("index", step.index());
            s.put("status", step.execution().map(e -> e.status().name().toLowerCase(java.util.Locale.ROOT))
                    .orElse("skipped"));
            if (step.executionCount() != null) {
                s.put("execution_count", step.executionCount());
            }
        }
        return json;
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }
}
