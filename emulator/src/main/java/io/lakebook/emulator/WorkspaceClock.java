package io.lakebook.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The workspace's wall clock: real time plus an offset that tests move forward (or set), so that a day's budget
 * period can end without waiting a day. Serving invocations stamp usage rows with it, rate-limit windows follow it,
 * and SQL's {@code current_timestamp()} reads it. Time keeps flowing after a move. Thread-safe.
 */
public final class WorkspaceClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves the clock forward (or back, with a negative duration) by {@code by}. */
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        offset.updateAndGet(current -> current.plus(by));
    }

    /** Sets the clock so that it reads {@code instant} now and runs on from there. */
    public void set(Instant instant) {
        offset.set(Duration.between(Instant.now(), instant));
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("The workspace clock runs in UTC");
        }
        return this;
    }
}
