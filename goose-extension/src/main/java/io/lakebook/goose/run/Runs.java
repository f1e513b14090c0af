package io.lakebook.goose.run;

import io.lakebook.core.error.LakebookException;
import io.lakebook.core.notebook.Cell;
import io.lakebook.core.notebook.CellRef;
import io.lakebook.core.notebook.NbOutputs;
import io.lakebook.core.notebook.Notebook;
import io.lakebook.core.notebook.NotebookException;
import io.lakebook.core.notebook.NotebookFiles;
import io.lakebook.core.magic.MagicCells;
import io.lakebook.core.remote.Execution;
import io.lakebook.goose.run.Contexts.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts runs in the background and keeps them by handle until they are old news: the most recent {@value #KEPT}
 * finished runs stay readable with {@code run_poll}.
 */
public final class Runs implements AutoCloseable {

    static final int KEPT = 20;
    private static final Logger LOG = LoggerFactory.getLogger(Runs.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Contexts contexts;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lakebook-run");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Run> byHandle = new ConcurrentHashMap<>();
    private final Deque<Run> finished = new ArrayDeque<>();

    public Runs(Contexts contexts) {
        this.contexts = contexts;
    }

    public Contexts contexts() {
        return contexts;
    }

    public Optional<Run> find(String handle) {
        return Optional.ofNullable(byHandle.get(handle));
    }

    /**
     * Runs the cells {@code cellIds} of {@code file} in order on the notebook's context, writing each one's outputs
     * and execution count into the file as it ends.
     */
    public Run startCells(Path file, String title, List<String> cellIds, boolean stopOnError)
            throws InterruptedException {
        Context context = contexts.get(file, file.getParent());
        Run run = new Run(newHandle(), title, Optional.of(file), cellIds.size());
        context.claim(run);
        register(run);
        run.onCancel(context.session()::interrupt);
        workers.execute(() -> guarded(run, () -> runCells(run, context, file, cellIds, stopOnError)));
        return run;
    }

    /** Runs {@code code} on the context of {@code key} (a notebook, or the project for scratch work); saves nothing. */
    public Run startCode(Path key, Path workingDirectory, String title, String code)
            throws InterruptedException {
        Context context = contexts.get(key, workingDirectory);
        Run run = new Run(newHandle(), title, Optional.empty(), 1);
        context.claim(run);
        register(run);
        run.onCancel(context.session()::interrupt);
        workers.execute(() -> guarded(run, () -> {
            run.running("scratch code");
            long started = System.nanoTime();
            Execution execution = new MagicCells(context.session()).execute(code, workingDirectory, run::progress);
            int count = context.nextExecutionCount();
            run.add(new Step(null, 0, Optional.of(execution), count, since(started), ""));
            finish(run, execution, true);
        }));
        return run;
    }

    private void runCells(Run run, Context context, Path file, List<String> cellIds, boolean stopOnError)
            throws InterruptedException, IOException {
        for (int i = 0; i < cellIds.size(); i++) {
            if (run.cancelRequested()) {
                run.end(Run.State.CANCELLED, "");
                return;
            }
            String id = cellIds.get(i);
            Optional<Cell> cell = currentCell(file, id);
            if (cell.isEmpty()) {
                run.add(new Step(id, -1, Optional.empty(), null, Duration.ZERO, "skipped: the cell was deleted"));
                continue;
            }
            run.running("cell " + (i + 1) + " of " + cellIds.size() + " ('" + id + "')");
            long started = System.nanoTime();
            Execution execution = new MagicCells(context.session()).execute(cell.get().source(), file.getParent(),
                    run::progress);
            int count = context.nextExecutionCount();
            String note = save(file, id, execution, count);
            int index = currentIndex(file, id);
            run.add(new Step(id, index, Optional.of(execution), count, since(started), note));
            if (execution.status() != Execution.Status.OK && (stopOnError
                    || execution.status() == Execution.Status.CANCELLED)) {
                finish(run, execution, true);
                return;
            }
        }
        boolean anyFailed = run.steps().stream().anyMatch(Step::failed);
        run.end(anyFailed ? Run.State.FAILED : Run.State.FINISHED, "");
    }

    /** The cell as the file holds it now, so an edit made while earlier cells ran is the one that runs. */
    private static Optional<Cell> currentCell(Path file, String id) throws IOException {
        Notebook notebook = NotebookFiles.read(file).notebook();
        return notebook.cells().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    private static int currentIndex(Path file, String id) throws IOException {
        Notebook notebook = NotebookFiles.read(file).notebook();
        return notebook.cells().stream().filter(c -> c.id().equals(id)).findFirst().map(notebook::indexOf).orElse(-1);
    }

    private static String save(Path file, String id, Execution execution, int count) throws IOException {
        if (execution.status() == Execution.Status.CANCELLED) {
            return "outputs left as they were: the cell was cancelled";
        }
        return NotebookFiles.merge(file, notebook -> {
            if (!notebook.storesOutputs()) {
                return "outputs not saved: Databricks source notebooks do not store outputs";
            }
            try {
                Cell cell = notebook.cell(CellRef.id(id));
                cell.setOutputs(NbOutputs.of(execution.outputs(), count), count);
                return "";
            } catch (NotebookException e) {
                return "outputs not saved: the cell was deleted while it ran";
            }
        }).value();
    }

    private static void finish(Run run, Execution execution, boolean stop) {
        Run.State state = switch (execution.status()) {
            case OK -> Run.State.FINISHED;
            case ERROR -> Run.State.FAILED;
            case CANCELLED -> Run.State.CANCELLED;
        };
        run.end(stop ? state : Run.State.FINISHED, "");
    }

    private interface Body {
        void run() throws Exception;
    }

    private void guarded(Run run, Body body) {
        try {
            body.run();
        } catch (LakebookException e) {
            run.end(Run.State.BROKEN, e.getMessage());
        } catch (IOException e) {
            run.end(Run.State.BROKEN, "The notebook could not be read or written: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.end(Run.State.CANCELLED, "");
        } catch (Exception e) {
            LOG.error("Run {} failed", run.handle(), e);
            run.end(Run.State.BROKEN, "lakebook failed: " + e);
        } finally {
            if (!run.isDone()) {
                run.end(Run.State.BROKEN, "the run ended without a result");
            }
            retire(run);
        }
    }

    private void register(Run run) {
        byHandle.put(run.handle(), run);
    }

    private synchronized void retire(Run run) {
        finished.addLast(run);
        while (finished.size() > KEPT) {
            byHandle.remove(finished.removeFirst().handle());
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static String newHandle() {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return "run-" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        byHandle.values().forEach(Run::cancel);
        workers.shutdownNow();
        contexts.close();
    }
}
