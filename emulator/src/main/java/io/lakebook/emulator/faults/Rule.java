package io.lakebook.emulator.faults;

import io.lakebook.emulator.http.HttpFault;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One switched-on HTTP fault: which calls it hits, what it does to them, and for how long (a number of calls, a
 * span of time, or until switched off). Thread-safe.
 */
public final class Rule {
    private final Calls calls;
    private final HttpFault fault;
    private final AtomicInteger remaining;
    private final Instant until;
    private final Clock clock;
    private final AtomicInteger fired = new AtomicInteger();
    private volatile boolean off;

    Rule(Calls calls, HttpFault fault, int times, Instant until, Clock clock) {
        this.calls = calls;
        this.fault = fault;
        this.remaining = new AtomicInteger(times);
        this.until = until;
        this.clock = clock;
    }

    public Calls calls() {
        return calls;
    }

    public HttpFault fault() {
        return fault;
    }

    /** How many calls this fault has hit so far. */
    public int fired() {
        return fired.get();
    }

    /** Whether it still hits calls. */
    public boolean active() {
        return !off && remaining.get() != 0 && (until == null || clock.instant().isBefore(until));
    }

    public void off() {
        off = true;
    }

    /** Takes one call if the rule still applies to it. */
    boolean take(String method, String path, String query, com.fasterxml.jackson.databind.JsonNode body) {
        if (!active() || !calls.matches(method, path, query, body)) {
            return false;
        }
        if (remaining.getAndUpdate(left -> left > 0 ? left - 1 : left) == 0) {
            return false;
        }
        fired.incrementAndGet();
        return true;
    }

    @Override
    public String toString() {
        return fault.label() + " on " + calls;
    }
}
