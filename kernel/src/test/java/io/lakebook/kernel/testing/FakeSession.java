package io.lakebook.kernel.testing;

import io.lakebook.core.output.ErrorOutput;
import io.lakebook.core.output.Output;
import io.lakebook.core.output.TextOutput;
import io.lakebook.core.output.ValueOutput;
import io.lakebook.core.remote.Execution;
import io.lakebook.core.remote.ProgressListener;
import io.lakebook.core.remote.Session;
import io.lakebook.core.remote.SessionInfo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A session that understands a handful of cells, for tests below the real workspace: {@code print(...)} prints,
 * {@code 1/0} fails, {@code sleep} runs until interrupted, {@code slow} takes 1.5 s, {@code starting} reports
 * cluster progress first; anything else evaluates to its own text.
 */
public final class FakeSession implements Session {
    public final List<String> executed = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch interrupted = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile Optional<java.time.Duration> timeout = Optional.empty();
    /** What was asked of the cluster, in order. */
    public final List<String> clusterCalls = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;

    /** Makes every cell take this long first, so that requests sent meanwhile queue up. */
    public FakeSession delay(long millis) {
        delayMillis = millis;
        return this;
    }

    @Override
    public Execution execute(String code, ProgressListener progress) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("session closed");
        }
        executed.add(code);
        Thread.sleep(delayMillis);
        if (code.equals("sleep")) {
            CountDownLatch latch = new CountDownLatch(1);
            interrupted = latch;
            executed.add("sleeping");
            latch.await(60, TimeUnit.SECONDS);
            return new Execution(Execution.Status.CANCELLED, List.of(new TextOutput("partial\n")));
        }
        if (code.equals("starting")) {
            progress.progress("Cluster test is PENDING (3 s)");
            Thread.sleep(300);
        }
        if (code.startsWith("slow")) {
            Thread.sleep(1500);
        }
        if (code.endsWith("1/0")) {
            return new Execution(Execution.Status.ERROR, outputs("1/0"));
        }
        return new Execution(Execution.Status.OK, outputs(code));
    }

    private static List<Output> outputs(String code) {
        if (code.equals("1/0")) {
            return List.of(new TextOutput("before\n"), new ErrorOutput("ZeroDivisionError", "division by zero",
                    List.of("\u001b[0;31mZeroDivisionError\u001b[0m: division by zero")));
        }
        if (code.startsWith("print(")) {
            String argument = code.substring("print(".length(), code.length() - 1);
            return List.of(new TextOutput(argument.replaceAll("^'|'$", "") + "\n"));
        }
        return List.of(new ValueOutput(code));
    }

    @Override
    public void interrupt() {
        interrupted.countDown();
    }

    @Override
    public Optional<java.time.Duration> cellTimeout() {
        return timeout;
    }

    @Override
    public void cellTimeout(Optional<java.time.Duration> limit) {
        timeout = limit;
    }

    /** The fake cluster is always running: starting and restarting it only leave a trace. */
    @Override
    public void startCluster(ProgressListener progress) {
        clusterCalls.add("start");
    }

    @Override
    public void restartCluster(ProgressListener progress) {
        clusterCalls.add("restart");
    }

    @Override
    public void switchCluster(String clusterId) {
        clusterCalls.add("switch " + clusterId);
    }

    @Override
    public SessionInfo info() {
        return new SessionInfo("https://fake", "fake-cluster", Optional.of("fake-context"));
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
