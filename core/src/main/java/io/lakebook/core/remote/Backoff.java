package io.lakebook.core.remote;

import java.time.Duration;
import java.util.List;

/**
 * Poll intervals that start short and grow. A notebook command is first looked at as soon as it was sent and again
 * 4 ms later, so a quick one is seen finished within milliseconds; the pauses then grow (36, 80 ms, then doubling to a
 * cap of 1.28 s), which gives 4 polls for a 0.1 s command, 7 for 1 s and 14 for 10 s, each seen at most about a
 * quarter of its time late.
 */
public final class Backoff {

    private final List<Long> firstMillis;
    private final long capMillis;
    private int taken;
    private long next;

    /** Pauses of {@code first}, then doubling to {@code cap}. */
    public Backoff(Duration first, Duration cap) {
        this(List.of(first.toMillis()), cap.toMillis());
    }

    private Backoff(List<Long> firstMillis, long capMillis) {
        this.firstMillis = List.copyOf(firstMillis);
        this.capMillis = capMillis;
    }

    /** For the user's commands, which may run for hours: few polls once a command is clearly not quick. */
    static Backoff forCommands() {
        return new Backoff(List.of(0L, 4L, 36L, 80L, 160L, 320L, 640L), 1280);
    }

    /** For lakebook's own short commands, which should end within milliseconds: looked at closely at first. */
    static Backoff forOwnCommands() {
        return new Backoff(List.of(0L, 1L, 2L, 4L, 8L), 1280);
    }

    static Backoff forClusters() {
        return new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    /** The next pause, growing towards the cap. */
    public long nextMillis() {
        long current = taken < firstMillis.size() ? firstMillis.get(taken) : Math.min(capMillis, Math.max(1, next) * 2);
        taken++;
        next = current;
        return current;
    }

    void reset() {
        taken = 0;
        next = 0;
    }
}
