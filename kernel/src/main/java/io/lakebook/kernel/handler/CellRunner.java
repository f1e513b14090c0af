package io.lakebook.kernel.handler;

import io.lakebook.core.error.LakebookException;
import io.lakebook.core.output.ClearOutput;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.core.remote.Execution;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.kernel.display.OutputRenderer;
import io.lakebook.core.magic.Cell;
import io.lakebook.core.magic.CellMagics;
import io.lakebook.core.magic.LocalNotebook;
import io.lakebook.kernel.session.LazySession;
import io.lakebook.kernel.wire.Message;
import io.lakebook.kernel.wire.iopub.IOPubDisplayData;
import io.lakebook.kernel.wire.iopub.IOPubStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lakebook.core.remote.Inspection;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs one cell: reads its magic, runs it (on the cluster, or locally for {@code %md}, {@code %run} and
 * {@code %lakebook}) and publishes its outputs as they come. A silent request publishes nothing.
 */
final class CellRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CellRunner.class);
    private static final String RED = "\u001b[0;31m";
    private static final String RESET = "\u001b[0m";
    /** %run inside %run is allowed this deep; deeper is almost surely a loop the user did not mean. */
    private static final int MAX_RUN_DEPTH = 10;
    private static final Pattern HELP = Pattern.compile("\\s*([A-Za-z_][\\w.]*)(\\?{1,2})\\s*");

    private final LazySession session;
    private final Iopub iopub;
    private final ScheduledExecutorService ticker;
    private final Path directory;
    private final LakebookMagic lakebook;
    private final Deque<Path> running = new ArrayDeque<>();
    private final ServeWhileRunning serveWhileRunning;
    private final ExecutorService cellThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lakebook-cell");
        thread.setDaemon(true);
        return thread;
    });
    /** The request that last published an output, so a %run sub-cell knows its cell already shows something. */
    private volatile String lastRequestWithOutput;

    CellRunner(LazySession session, Iopub iopub, ScheduledExecutorService ticker, Path directory,
               ServeWhileRunning serveWhileRunning) {
        this.serveWhileRunning = serveWhileRunning;
        this.session = session;
        this.iopub = iopub;
        this.ticker = ticker;
        this.directory = directory;
        this.lakebook = new LakebookMagic(session);
    }

    /** How a cell ended: its error, if it failed, and the repr of its last value, if it had one. */
    record Result(ErrorOutput error, String lastValue, List<Object> payload) {
        static final Result OK = new Result(null, null, List.of());

        Result(ErrorOutput error, String lastValue) {
            this(error, lastValue, List.of());
        }
    }

    Result run(Message<?> request, String code, int count, boolean silent) {
        if (code.isBlank()) {
            return Result.OK;
        }
        try {
            Matcher help = HELP.matcher(code);
            if (help.matches()) {
                return help(request, silent, help.group(1), help.group(2).length());
            }
            Cell cell = CellMagics.parse(code);
            if (cell instanceof Cell.Markdown markdown) {
                publish(request, silent, IOPubDisplayData.of(Map.of("text/markdown", markdown.text(),
                        "text/plain", markdown.text())));
                return Result.OK;
            }
            if (cell instanceof Cell.Lakebook command) {
                ProgressDisplay progress = silent ? null : ProgressDisplay.start(iopub, request, ticker);
                try {
                    lakebook.run(command.arguments(), listener(request, progress, silent))
                            .forEach(bundle -> publish(request, silent, IOPubDisplayData.of(bundle)));
                } finally {
                    finish(progress);
                }
                return Result.OK;
            }
            if (cell instanceof Cell.RunNotebook notebook) {
                return runNotebook(request, notebook.path(), count, silent);
            }
            return remote(request, ((Cell.Remote) cell).code(), count, silent);
        } catch (LakebookException e) {
            LOG.warn("A cell could not run: {}", e.getMessage());
            return failed(request, silent, lakebookError(e), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(request, silent, keyboardInterrupt(), null);
        } catch (RuntimeException e) {
            LOG.error("A cell failed inside lakebook", e);
            return failed(request, silent, new ErrorOutput("KernelError", "lakebook failed to run the cell ("
                    + e.getClass().getSimpleName() + "); the kernel log has details.", List.of()), null);
        }
    }

    private Result remote(Message<?> request, String code, int count, boolean silent) throws InterruptedException {
        // Once a request has shown output (an earlier cell of a %run), a progress line could only be removed with
        // clear_output, which would remove that output too; its live output shows it is alive instead.
        boolean shownBefore = request.id().equals(lastRequestWithOutput);
        ProgressDisplay progress = silent || shownBefore ? null : ProgressDisplay.start(iopub, request, ticker);
        Execution execution;
        try {
            execution = onCellThread(code, listener(request, progress, silent));
        } finally {
            finish(progress);
        }
        String value = null;
        for (Output output : execution.unstreamed()) {
            if (output instanceof ValueOutput v) {
                value = v.repr();
            }
            if (!(output instanceof ErrorOutput)) {
                publish(request, silent, OutputRenderer.render(output, count));
            }
        }
        ErrorOutput error = switch (execution.status()) {
            case OK -> null;
            case CANCELLED -> keyboardInterrupt();
            case ERROR -> execution.error().orElse(new ErrorOutput("ExecutionError",
                    "The command failed without saying why.", List.of()));
        };
        if (error != null) {
            publish(request, silent, OutputRenderer.error(error));
        }
        return new Result(error, value);
    }

    /** The cluster is waited for on another thread, so the shell channel keeps answering meanwhile. */
    private Execution onCellThread(String code, ProgressListener listener) throws InterruptedException {
        Future<Execution> execution = cellThread.submit(() -> session.execute(code, listener));
        serveWhileRunning.serveUntil(execution);
        try {
            return execution.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * {@code name?} and {@code name??}, as in IPython: the object's help from the notebook's namespace, in the pager
     * (a {@code page} payload, https://jupyter-client.readthedocs.io/en/stable/messaging.html#payloads-deprecated).
     */
    private Result help(Message<?> request, boolean silent, String name, int marks) {
        Inspection inspection = session.current().inspect(name, name.length(), marks - 1);
        if (inspection.text().isEmpty()) {
            publish(request, silent, IOPubStream.stdout("Object `" + name + "` not found.\n"));
            return Result.OK;
        }
        Map<String, Object> page = Map.of("source", "page", "data", Map.of("text/plain", inspection.text().get()),
                "start", 0);
        return new Result(null, null, List.of(page));
    }

    /**
     * Runs the other notebook's code cells here, one by one, each with its own magic, stopping at the first that
     * fails, as Databricks' {@code %run} does; their outputs appear under this cell.
     */
    private Result runNotebook(Message<?> request, String name, int count, boolean silent) {
        Path notebook = LocalNotebook.find(directory, name);
        if (running.contains(notebook) || running.size() >= MAX_RUN_DEPTH) {
            throw new LakebookException("%run " + name + " would run " + notebook.getFileName() + " inside itself ("
                    + running.size() + " notebooks deep). Remove the %run that leads back to it.");
        }
        running.push(notebook);
        try {
            Result last = Result.OK;
            for (String code : LocalNotebook.codeCells(notebook)) {
                last = run(request, code, count, silent);
                if (last.error() != null) {
                    return last;
                }
            }
            return last;
        } finally {
            running.pop();
        }
    }

    /** Progress lines go to the progress display; printed text is published as it arrives. */
    private ProgressListener listener(Message<?> request, ProgressDisplay progress, boolean silent) {
        return new ProgressListener() {
            @Override
            public void progress(String line) {
                if (progress != null) {
                    progress.progress(line);
                }
            }

            @Override
            public void output(TextOutput text) {
                if (progress != null) {
                    progress.beforeOutput();
                }
                publish(request, silent, OutputRenderer.render(text, 0));
            }

            @Override
            public void clear(ClearOutput clear) {
                if (progress != null) {
                    progress.beforeOutput();
                }
                publish(request, silent, OutputRenderer.render(clear, 0));
            }
        };
    }

    private static void finish(ProgressDisplay progress) {
        if (progress != null) {
            progress.finish();
        }
    }

    private void publish(Message<?> request, boolean silent, Object content) {
        if (!silent) {
            lastRequestWithOutput = request.id();
            iopub.publish(request, content);
        }
    }

    private Result failed(Message<?> request, boolean silent, ErrorOutput error, String notice) {
        if (notice != null) {
            publish(request, silent, IOPubStream.stderr(notice + "\n"));
        }
        publish(request, silent, OutputRenderer.error(error));
        return new Result(error, null);
    }

    /** lakebook's own failures are named after their exception, without the suffix: {@code NotConfigured}. */
    private static ErrorOutput lakebookError(LakebookException e) {
        String name = e.getClass().getSimpleName().replaceFirst("Exception$", "");
        return new ErrorOutput(name, e.getMessage(), List.of(RED + name + RESET + ": " + e.getMessage()));
    }

    static ErrorOutput keyboardInterrupt() {
        String line = RED + "KeyboardInterrupt" + RESET + ": the cell was interrupted and its command cancelled";
        return new ErrorOutput("KeyboardInterrupt", "", List.of(line));
    }
}
