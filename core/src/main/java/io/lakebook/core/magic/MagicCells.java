package io.lakebook.core.magic;

import io.lakebook.core.error.LakebookException;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.remote.Execution;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.Session;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs a cell with its magic for front ends that have no notebook display of their own: {@code lakebook run} and
 * the MCP server. {@code %sql}, {@code %sh} and {@code %python} run as the kernel runs them, {@code %run} runs the
 * other notebook's cells in the same context, {@code %md} gives its text; {@code %lakebook} is the kernel's alone.
 */
public final class MagicCells {

    private final Session session;
    private final Deque<Path> running = new ArrayDeque<>();

    public MagicCells(Session session) {
        this.session = session;
    }

    /**
     * Runs {@code source}, whose relative {@code %run} paths start from {@code directory}.
     *
     * @throws LakebookException when the workspace cannot run it, as {@link Session#execute} does
     */
    public Execution execute(String source, Path directory, ProgressListener progress) throws InterruptedException {
        Cell cell = CellMagics.parse(source);
        if (cell instanceof Cell.Remote remote) {
            return session.execute(remote.code(), progress);
        }
        if (cell instanceof Cell.Markdown markdown) {
            return new Execution(Execution.Status.OK, List.of(new TextOutput(markdown.text() + "\n")));
        }
        if (cell instanceof Cell.RunNotebook run) {
            return runNotebook(LocalNotebook.find(directory, run.path()), progress);
        }
        return failed("%lakebook controls a Jupyter kernel's session; here, start or restart the cluster with the "
                + "workspace or the cluster tools instead.");
    }

    private Execution runNotebook(Path notebook, ProgressListener progress) throws InterruptedException {
        if (running.contains(notebook)) {
            return failed("%run " + notebook.getFileName() + " would run itself again (" + running + "); remove "
                    + "the loop.");
        }
        running.push(notebook);
        try {
            List<Output> outputs = new ArrayList<>();
            for (String code : LocalNotebook.codeCells(notebook)) {
                Execution execution = execute(code, notebook.getParent(), progress);
                outputs.addAll(execution.outputs());
                if (execution.status() != Execution.Status.OK) {
                    return new Execution(execution.status(), outputs);
                }
            }
            return new Execution(Execution.Status.OK, outputs);
        } finally {
            running.pop();
        }
    }

    private static Execution failed(String message) {
        return new Execution(Execution.Status.ERROR, List.of(new ErrorOutput("UsageError", message, List.of())));
    }
}
