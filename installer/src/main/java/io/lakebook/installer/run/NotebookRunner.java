package io.lakebook.installer.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.magic.MagicCells;
import io.lakebook.core.output.ClearOutput;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.remote.Execution;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.Session;
import io.lakebook.kernel.display.OutputRenderer;
import io.lakebook.kernel.wire.iopub.IOPubDisplayData;
import io.lakebook.kernel.wire.iopub.IOPubError;
import io.lakebook.kernel.wire.iopub.IOPubExecuteResult;
import io.lakebook.kernel.wire.iopub.IOPubStream;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs a notebook's code cells, top to bottom, in one session and writes their outputs into the notebook in nbformat
 * 4 form, rendered exactly as the kernel renders them. Without Jupyter, this is how {@code lakebook run} works.
 */
public final class NotebookRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Told about each cell as it runs. */
    public interface Listener {
        void cellStarted(int number, String firstLine);

        void cellFinished(int number, Execution execution);

        /** A progress line while the cluster starts or a cell runs long. */
        default void progress(String line) {
        }

        /** One listener that tells each of {@code listeners} in turn. */
        static Listener all(Listener... listeners) {
            return new Listener() {
                @Override
                public void cellStarted(int number, String firstLine) {
                    for (Listener listener : listeners) {
                        listener.cellStarted(number, firstLine);
                    }
                }

                @Override
                public void cellFinished(int number, Execution execution) {
                    for (Listener listener : listeners) {
                        listener.cellFinished(number, execution);
                    }
                }

                @Override
                public void progress(String line) {
                    for (Listener listener : listeners) {
                        listener.progress(line);
                    }
                }
            };
        }
    }

    /** How a run went: code cells run, the number that failed, and whether the run stopped at a failure. */
    public record Result(int cellsRun, int failed, boolean stoppedEarly) {
    }

    private final MagicCells cells;
    private final Path directory;
    private final Listener listener;
    private final boolean allowErrors;

    /** @param directory the notebook's folder, where {@code %run} paths start */
    public NotebookRunner(Session session, Path directory, Listener listener, boolean allowErrors) {
        this.cells = new MagicCells(session);
        this.directory = directory;
        this.listener = listener;
        this.allowErrors = allowErrors;
    }

    /** The code cells that {@link #run} will run. */
    public static int codeCells(ObjectNode notebook) {
        int count = 0;
        for (JsonNode cell : notebook.path("cells")) {
            if ("code".equals(cell.path("cell_type").asText()) && !source(cell).isBlank()) {
                count++;
            }
        }
        return count;
    }

    /** Runs the code cells of {@code notebook}, replacing their outputs and execution counts in place. */
    public Result run(ObjectNode notebook) throws InterruptedException {
        int count = 0;
        int failed = 0;
        for (JsonNode node : notebook.path("cells")) {
            if (!"code".equals(node.path("cell_type").asText()) || source(node).isBlank()) {
                continue;
            }
            ObjectNode cell = (ObjectNode) node;
            Execution execution = execute(++count, cell);
            write(cell, count, execution);
            if (execution.status() != Execution.Status.OK) {
                failed++;
                if (!allowErrors) {
                    return new Result(count, failed, true);
                }
            }
        }
        return new Result(count, failed, false);
    }

    private Execution execute(int number, ObjectNode cell) throws InterruptedException {
        String source = source(cell);
        listener.cellStarted(number, source.lines().findFirst().orElse(""));
        Execution execution;
        try {
            ProgressListener progress = listener::progress;
            execution = cells.execute(source, directory, progress);
        } catch (LakebookException e) {
            execution = new Execution(Execution.Status.ERROR, List.of(new ErrorOutput(errorName(e), e.getMessage(),
                    List.of())));
        }
        listener.cellFinished(number, execution);
        return execution;
    }

    private static void write(ObjectNode cell, int number, Execution execution) {
        ArrayNode outputs = cell.putArray("outputs");
        for (Output output : ClearOutput.applied(execution.outputs())) {
            outputs.add(nbformat(OutputRenderer.render(output, number)));
        }
        if (execution.status() == Execution.Status.CANCELLED) {
            outputs.add(nbformat(new IOPubError("KeyboardInterrupt", "the cell was interrupted", List.of(
                    "KeyboardInterrupt: the cell was interrupted"))));
        }
        cell.put("execution_count", number);
    }

    /** An nbformat output is the IOPub content plus its {@code output_type}, without the display's transient part. */
    static ObjectNode nbformat(Object content) {
        ObjectNode output = JSON.createObjectNode();
        output.put("output_type", outputType(content));
        output.setAll((ObjectNode) JSON.valueToTree(content));
        output.remove("transient");
        if (content instanceof IOPubError) {
            return output;
        }
        if (!(content instanceof IOPubStream) && !output.has("metadata")) {
            output.putObject("metadata");
        }
        return output;
    }

    private static String outputType(Object content) {
        if (content instanceof IOPubStream) {
            return "stream";
        }
        if (content instanceof IOPubExecuteResult) {
            return "execute_result";
        }
        if (content instanceof IOPubDisplayData) {
            return "display_data";
        }
        if (content instanceof IOPubError) {
            return "error";
        }
        throw new IllegalArgumentException("not an output: " + content.getClass().getSimpleName());
    }

    /** A cell's source, which nbformat allows as one string or a list of lines. */
    public static String source(JsonNode cell) {
        JsonNode source = cell.path("source");
        if (!source.isArray()) {
            return source.asText("");
        }
        StringBuilder text = new StringBuilder();
        source.forEach(line -> text.append(line.asText()));
        return text.toString();
    }

    private static String errorName(LakebookException e) {
        String name = e.getClass().getSimpleName();
        return name.endsWith("Exception") ? name.substring(0, name.length() - "Exception".length()) : name;
    }
}
