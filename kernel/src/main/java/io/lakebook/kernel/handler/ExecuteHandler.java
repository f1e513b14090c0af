package io.lakebook.kernel.handler;

import io.lakebook.core.output.ErrorOutput;
import io.lakebook.kernel.display.OutputRenderer;
import io.lakebook.kernel.session.LazySession;
import io.lakebook.kernel.wire.Message;
import io.lakebook.kernel.wire.MessageFactory;
import io.lakebook.kernel.wire.iopub.IOPubExecuteInput;
import io.lakebook.kernel.wire.shell.ShellExecuteReply;
import io.lakebook.kernel.wire.shell.ShellExecuteRequest;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a cell on the cluster in the order the spec gives: {@code execute_input}, the outputs, the reply (busy and idle
 * around it come from the {@link Dispatcher}). A cell's failure, including a setting lakebook is missing, is the
 * cell's error, never the kernel's. See https://jupyter-client.readthedocs.io/en/stable/messaging.html#execute
 */
final class ExecuteHandler {
    private final MessageFactory messages;
    private final Iopub iopub;
    private final History history;
    private final StopOnError stopOnError;
    private final CellRunner cells;
    private int executionCount;

    ExecuteHandler(LazySession session, Iopub iopub, MessageFactory messages, History history,
                   StopOnError stopOnError, ServeWhileRunning serveWhileRunning, ScheduledExecutorService ticker,
                   Path directory) {
        this.messages = messages;
        this.iopub = iopub;
        this.history = history;
        this.stopOnError = stopOnError;
        this.cells = new CellRunner(session, iopub, ticker, directory, serveWhileRunning);
    }

    void handleExecuteRequest(Message<ShellExecuteRequest> request, Replier replier) {
        ShellExecuteRequest cell = request.content();
        // Only cells stored in history take a number (spec: store_history).
        int count = cell.storeHistory() ? ++executionCount : executionCount;
        if (!cell.silent()) {
            iopub.publish(request, new IOPubExecuteInput(cell.code(), count));
        }

        CellRunner.Result result = cells.run(request, cell.code(), count, cell.silent());
        if (cell.storeHistory()) {
            history.add(count, cell.code(), result.lastValue());
        }

        if (result.error() != null && cell.stopOnError()) {
            stopOnError.collectQueuedRequests();
        }
        replier.send(messages.reply(request, reply(result, count)));
    }

    private static ShellExecuteReply reply(CellRunner.Result result, int count) {
        ErrorOutput error = result.error();
        if (error == null) {
            return ShellExecuteReply.ok(count, result.payload());
        }
        return ShellExecuteReply.error(count, error.name(), error.message(), OutputRenderer.error(error).traceback());
    }
}
