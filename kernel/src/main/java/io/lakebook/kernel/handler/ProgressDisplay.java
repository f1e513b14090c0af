package io.lakebook.kernel.handler;

import io.lakebook.core.remote.ProgressListener;
import io.lakebook.kernel.display.ProgressRenderer;
import io.lakebook.kernel.wire.Message;
import io.lakebook.kernel.wire.iopub.IOPubClearOutput;
import io.lakebook.kernel.wire.iopub.IOPubDisplayData;
import io.lakebook.kernel.wire.iopub.IOPubUpdateDisplayData;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one-line "what are we waiting for" display of a running cell: shown at once when the session reports progress
 * (the cluster starting), or after a second of waiting; refreshed every second with {@code update_display_data};
 * cleared with {@code clear_output} before the real outputs, so a saved notebook holds only those.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#update-display-data
 */
final class ProgressDisplay implements ProgressListener {
    static final Duration FIRST_SHOWN_AFTER = Duration.ofSeconds(1);
    private static final String RUNNING = "Running on the cluster";

    private final Iopub iopub;
    private final Message<?> request;
    private final Map<String, Object> transientData;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private ScheduledFuture<?> ticks;
    private String sessionLine;
    private String lastShown;
    private boolean shown;
    private boolean finished;

    private ProgressDisplay(Iopub iopub, Message<?> request, LongSupplier nanoTime) {
        this.iopub = iopub;
        this.request = request;
        // A display id per request, so an update never lands in an earlier cell's output.
        this.transientData = Map.of("display_id", "lakebook-progress-" + request.id());
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    static ProgressDisplay start(Iopub iopub, Message<?> request, ScheduledExecutorService ticker) {
        ProgressDisplay display = new ProgressDisplay(iopub, request, System::nanoTime);
        long period = FIRST_SHOWN_AFTER.toMillis();
        display.ticks = ticker.scheduleAtFixedRate(display::tick, period, period, TimeUnit.MILLISECONDS);
        return display;
    }

    @Override
    public synchronized void progress(String line) {
        sessionLine = line;
        tick();
    }

    /** Stops refreshing and, if the line was shown, clears it; the caller publishes the real outputs next. */
    synchronized void finish() {
        stop();
    }

    /**
     * Called before the cell's first printed text is published: the line goes, since clearing it later would clear
     * that text too, and the text itself now shows the cell is alive.
     */
    synchronized void beforeOutput() {
        stop();
    }

    private void stop() {
        if (finished) {
            return;
        }
        finished = true;
        ticks.cancel(false);
        if (shown) {
            iopub.publish(request, IOPubClearOutput.NOW);
        }
    }

    private synchronized void tick() {
        if (finished) {
            return;
        }
        String line = line();
        if (line.equals(lastShown)) {
            return;
        }
        lastShown = line;
        Map<String, Object> data = ProgressRenderer.bundle(line);
        if (shown) {
            iopub.publish(request, new IOPubUpdateDisplayData(data, Map.of(), transientData));
        } else {
            iopub.publish(request, new IOPubDisplayData(data, Map.of(), transientData));
            shown = true;
        }
    }

    /** The session's own line when it gave one (it carries its own elapsed time), else the kernel's. */
    private String line() {
        if (sessionLine != null) {
            return sessionLine;
        }
        long seconds = Duration.ofNanos(nanoTime.getAsLong() - startNanos).toSeconds();
        return RUNNING + ": " + seconds + " s";
    }
}
