package io.lakebook.installer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.core.remote.Execution;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.Session;
import io.lakebook.core.remote.SessionInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotebookRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers each cell with its value, and fails the cells whose code is {@code fail()}. */
    private static final class ScriptedSession implements Session {
        final List<String> ran = new ArrayList<>();

        @Override
        public Execution execute(String code, ProgressListener progress) {
            ran.add(code);
            return code.equals("fail()")
                    ? new Execution(Execution.Status.ERROR, List.of(new ErrorOutput("RuntimeError", "no", List.of())))
                    : new Execution(Execution.Status.OK, List.of(new ValueOutput(code)));
        }

        @Override
        public void interrupt() {
        }

        @Override
        public void cellTimeout(java.util.Optional<java.time.Duration> limit) {
            throw new AssertionError("the runner sets no cell timeout");
        }

        @Override
        public void startCluster(ProgressListener progress) {
            throw new AssertionError("the runner does not start clusters itself");
        }

        @Override
        public void restartCluster(ProgressListener progress) {
            throw new AssertionError("the runner does not restart clusters");
        }

        @Override
        public void switchCluster(String clusterId) {
            throw new AssertionError("the runner does not switch clusters");
        }

        @Override
        public SessionInfo info() {
            return new SessionInfo("https://fake", "fake-cluster", Optional.empty());
        }

        @Override
        public void close() {
        }
    }

    private static ObjectNode notebook(String... sources) {
        ObjectNode notebook = JSON.createObjectNode();
        for (String source : sources) {
            notebook.withArray("cells").addObject().put("cell_type", "code").put("source", source);
        }
        return notebook;
    }

    /**
     * remote-kernels §B D12: with errors allowed, a failing cell in the middle of the notebook still counts as a
     * failure of the run (so {@code lakebook run} exits 1), while the cells after it run.
     */
    @Test
    void aFailedMiddleCellCountsAsAFailureWhenErrorsAreAllowed() throws InterruptedException {
        ScriptedSession session = new ScriptedSession();
        NotebookRunner.Listener quiet = new NotebookRunner.Listener() {
            @Override
            public void cellStarted(int number, String firstLine) {
            }

            @Override
            public void cellFinished(int number, Execution execution) {
            }
        };

        NotebookRunner.Result result = new NotebookRunner(session, java.nio.file.Path.of("."), quiet, true)
                .run(notebook("1", "fail()", "3"));

        assertEquals(List.of("1", "fail()", "3"), session.ran);
        assertEquals(new NotebookRunner.Result(3, 1, false), result);
    }
}
