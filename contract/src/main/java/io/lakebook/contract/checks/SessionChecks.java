package io.lakebook.contract.checks;

import io.lakebook.contract.Check;
import io.lakebook.contract.Expect;
import io.lakebook.contract.Source;
import io.lakebook.contract.Target;
import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.core.remote.Execution;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.RemoteSession;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * lakebook's own session (core {@link RemoteSession}) on the chosen cluster: what a notebook user sees, built on the
 * Command Execution API facts checked in {@code commands}.
 */
final class SessionChecks {

    private static final String AREA = "session";

    private SessionChecks() {
    }

    static List<Check> checks() {
        return List.of(
                new Check(AREA, "a cell's last expression is a value without the Out[n]: prefix; state is kept",
                        Source.documented(Docs.GO_SDK + "service/compute/ext_results.go"),
                        SessionChecks::valueWithoutPrefix),
                new Check(AREA, "a cell that raises ends ERROR with the exception's name",
                        Source.documented(Docs.api("commandexecution/commandstatus")), SessionChecks::errorHasName),
                new Check(AREA, "printed text arrives while the cell runs; an interrupt cancels it and the next "
                        + "cell runs", Source.unstated(Docs.api("commandexecution/cancel")),
                        SessionChecks::liveOutputAndInterrupt));
    }

    private static void valueWithoutPrefix(Target target) throws Exception {
        RemoteSession session = target.session();
        Expect.equal(Execution.Status.OK, session.execute("selftest_x = 20", ProgressListener.NONE).status(),
                "status of an assignment");
        Execution run = session.execute("selftest_x * 2 + 2", ProgressListener.NONE);
        Expect.equal(Execution.Status.OK, run.status(), "status (" + run.outputs() + ")");
        Expect.equal(List.of(new ValueOutput("42")), run.outputs(), "outputs");
    }

    private static void errorHasName(Target target) throws Exception {
        RemoteSession session = target.session();
        Execution run = session.execute("print('before')\n1 / 0", ProgressListener.NONE);
        Expect.equal(Execution.Status.ERROR, run.status(), "status (" + run.outputs() + ")");
        Optional<ErrorOutput> error = run.error();
        Expect.equal("ZeroDivisionError", error.map(ErrorOutput::name).orElse(null), "error name");
        Expect.that(run.outputs().stream().anyMatch(o -> o instanceof TextOutput t && t.text().contains("before")),
                "what the cell printed before it raised is kept: " + run.outputs());
    }

    private static void liveOutputAndInterrupt(Target target) throws Exception {
        RemoteSession session = target.session();
        AtomicBoolean shown = new AtomicBoolean();
        // The interrupt comes only once the first line was shown: the cell ends early only if output is live.
        ProgressListener listener = new ProgressListener() {
            @Override
            public void progress(String line) {
            }

            @Override
            public void output(TextOutput text) {
                if (text.text().contains("selftest first") && !shown.getAndSet(true)) {
                    session.interrupt();
                }
            }
        };
        Execution run = session.execute("import time\nprint('selftest first', flush=True)\ntime.sleep(90)\n"
                + "print('selftest second')", listener);
        Expect.that(shown.get(), "the printed line reached the listener while the cell ran: " + run.outputs());
        Expect.equal(Execution.Status.CANCELLED, run.status(), "status after the interrupt (" + texts(run) + ")");
        Execution next = session.execute("1 + 1", ProgressListener.NONE);
        Expect.equal(List.of(new ValueOutput("2")), next.outputs(), "the next cell's outputs");
    }

    private static String texts(Execution run) {
        return run.outputs().stream().map(Output::toString).toList().toString();
    }
}
