package io.lakebook.core.remote;

import java.time.Duration;

/**
 * Poll intervals that start short and grow: a quick command is seen finished within tens of milliseconds, a long
 * one costs about one poll a second. Doubling from 10 ms to a cap of 1.28 s gives 4 polls for a 0.1 s command, 7 for
 * 1 s and 14 for 10 s.
 */
public final class Backoff {

    private final long firstMillis;
    private final long capMillis;
    private long next;

    public Backoff(Duration first, Duration cap) {
        this.firstMillis = first.toMillis();
        this.capMillis = cap.toMillis();
        this.next = firstMillis;
    }

    static Backoff forCommands() {
        return new Backoff(Duration.ofMillis(10), Duration.ofMillis(1280));
    }

    static Backoff forClusters() {
        return new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    /** The next pause, growing towards the cap. */
    public long nextMillis() {
        long current = next;
        next = Math.min(capMillis, next * 2);
        return current;
    }

    void reset() {
        next = firstMillis;
    }
}
