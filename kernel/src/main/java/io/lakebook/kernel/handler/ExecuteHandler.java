package io.lakebook.kernel.handler;

import io.lakebook.core.error.LakebookException;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.core.remote.Execution;
import io.lakebook.kernel.display.OutputRenderer;
import io.lakebook.kernel.session.LazySession;
import io.lakebook.kernel.wire.Message;
import io.lakebook.kernel.wire.MessageFactory;
import io.lakebook.kernel.wire.iopub.IOPubExecuteInput;
import io.lakebook.kernel.wire.iopub.IOPubStream;
import io.lakebook.kernel.wire.shell.ShellExecuteReply;
import io.lakebook.kernel.wire.shell.ShellExecuteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a cell on the cluster in the order the spec gives: {@code execute_input}, the outputs, the reply (busy and idle
 * around it come from the {@link Dispatcher}). A cell's failure, including a setting lakebook is missing, is the
 * cell's error, never the kernel's. See https://jupyter-client.readthedocs.io/en/stable/messaging.html#execute
 */
final class ExecuteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecuteHandler.class);
    private static final String RED = "\u001b[0;31m";
    private static final String RESET = "\u001b[0m";

    private final LazySession session;
    private final Iopub iopub;
    private final MessageFactory messages;
    private final History history;
    private final StopOnError stopOnError;
    private final ScheduledExecutorService ticker;
    private int executionCount;

    ExecuteHandler(LazySession session, Iopub iopub, MessageFactory messages, History history,
                   StopOnError stopOnError, ScheduledExecutorService ticker) {
        this.session = session;
        this.iopub = iopub;
        this.messages = messages;
        this.history = history;
        this.stopOnError = stopOnError;
        this.ticker = ticker;
    }

    /** What a cell ended with: the outputs to show and, if it failed, the error that ends them. */
    private record Outcome(List<Output> outputs, ErrorOutput error, String notice) {
        static Outcome of(Execution execution) {
            List<Output> shown = new ArrayList<>(execution.outputs());
            shown.removeIf(ErrorOutput.class::isInstance);
            return switch (execution.status()) {
                case OK -> new Outcome(shown, null, null);
                case CANCELLED -> new Outcome(shown, keyboardInterrupt(), null);
                case ERROR -> new Outcome(shown, execution.error().orElse(unexplained()), null);
            };
        }
    }

    void handleExecuteRequest(Message<ShellExecuteRequest> request, Replier replier) {
        ShellExecuteRequest cell = request.content();
        // Only cells stored in history take a number (spec: store_history).
        int count = cell.storeHistory() ? ++executionCount : executionCount;
        if (!cell.silent()) {
            iopub.publish(request, new IOPubExecuteInput(cell.code(), count));
        }

        Outcome outcome = run(request, cell);
        if (!cell.silent()) {
            publish(request, outcome, count);
        }
        if (cell.storeHistory()) {
            history.add(count, cell.code(), lastValue(outcome));
        }

        if (outcome.error() != null && cell.stopOnError()) {
            stopOnError.collectQueuedRequests();
        }
        replier.send(messages.reply(request, reply(outcome, count)));
    }

    private Outcome run(Message<ShellExecuteRequest> request, ShellExecuteRequest cell) {
        if (cell.code().isBlank()) {
            return new Outcome(List.of(), null, null);
        }
        ProgressDisplay progress = cell.silent() ? null : ProgressDisplay.start(iopub, request, ticker);
        try {
            return Outcome.of(session.execute(cell.code(), progress == null ? line -> { } : progress));
        } catch (LakebookException e) {
            LOG.warn("A cell could not run: {}", e.getMessage());
            return failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(List.of(), keyboardInterrupt(), null);
        } catch (RuntimeException e) {
            LOG.error("A cell failed inside lakebook", e);
            return new Outcome(List.of(), new ErrorOutput("KernelError", describe(e), List.of()), null);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
    }

    private void publish(Message<?> request, Outcome outcome, int count) {
        if (outcome.notice() != null) {
            iopub.publish(request, IOPubStream.stderr(outcome.notice() + "\n"));
        }
        outcome.outputs().forEach(output -> iopub.publish(request, OutputRenderer.render(output, count)));
        if (outcome.error() != null) {
            iopub.publish(request, OutputRenderer.error(outcome.error()));
        }
    }

    private static ShellExecuteReply reply(Outcome outcome, int count) {
        ErrorOutput error = outcome.error();
        if (error == null) {
            return ShellExecuteReply.ok(count);
        }
        return ShellExecuteReply.error(count, error.name(), error.message(), OutputRenderer.error(error).traceback());
    }

    /** lakebook's own failures are named after their exception, without the suffix: {@code NotConfigured}. */
    private static Outcome failure(LakebookException e) {
        String name = e.getClass().getSimpleName().replaceFirst("Exception$", "");
        String line = RED + name + RESET + ": " + e.getMessage();
        return new Outcome(List.of(), new ErrorOutput(name, e.getMessage(), List.of(line)), e.getMessage());
    }

    private static ErrorOutput keyboardInterrupt() {
        String line = RED + "KeyboardInterrupt" + RESET + ": the cell was interrupted and its command cancelled";
        return new ErrorOutput("KeyboardInterrupt", "", List.of(line));
    }

    private static ErrorOutput unexplained() {
        return new ErrorOutput("ExecutionError", "The command failed without saying why.", List.of());
    }

    private static String describe(RuntimeException e) {
        return "lakebook failed to run the cell (" + e.getClass().getSimpleName() + "); the kernel log has details.";
    }

    private static String lastValue(Outcome outcome) {
        String value = null;
        for (Output output : outcome.outputs()) {
            if (output instanceof ValueOutput v) {
                value = v.repr();
            }
        }
        return value;
    }
}
