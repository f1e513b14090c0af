package io.lakebook.emulator.faults;

import io.lakebook.emulator.EmulatorException;
import io.lakebook.emulator.execution.ExecutionContexts;
import io.lakebook.emulator.execution.StuckCommands;
import io.lakebook.emulator.http.ApiServer;
import io.lakebook.emulator.http.HttpFault;
import io.lakebook.emulator.warehouses.Warehouses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's fault switches, for tests and for the endurance runs: what a workspace does to its clients on a bad
 * day. HTTP faults hit calls that match ({@link #on}); the others act on the workspace's state: a context evicted, a
 * command stuck in Running, a warehouse that cannot finish starting, a token that expired, a port that refuses
 * connections. Everything is switched off by {@link #clear}. Thread-safe.
 *
 * <p>Statuses and bodies follow reference/databricks-api.md: 429 and 503 are what the SDK retries (§1.4), with the
 * error codes its mapper knows (§1.3: {@code REQUEST_LIMIT_EXCEEDED}, and {@code TEMPORARILY_UNAVAILABLE} from the
 * statement error codes of §6.2); the exact wording a workspace sends is unconfirmed (§13.6).
 */
public final class Faults implements HttpFault.Source {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private final ApiServer server;
    private final ExecutionContexts contexts;
    private final Warehouses warehouses;
    private final ScheduledExecutorService scheduler;
    private final Clock clock = Clock.systemUTC();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Predicate<String>> stuck = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> stuckWarehouses = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object stuckLock = new Object();

    public Faults(ApiServer server, ExecutionContexts contexts, Warehouses warehouses,
                  ScheduledExecutorService scheduler) {
        this.server = server;
        this.contexts = contexts;
        this.warehouses = warehouses;
        this.scheduler = scheduler;
        server.faults(this);
        contexts.stuckCommands(new Stuck());
    }

    /** Starts a fault on {@code calls}: say for how long, then what it does. */
    public Switch on(Calls calls) {
        return new Switch(Objects.requireNonNull(calls, "calls"));
    }

    /** The HTTP faults switched on so far, in order, with how often each fired. */
    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    @Override
    public Optional<HttpFault> faultFor(String method, String path, String query,
                                        com.fasterxml.jackson.databind.JsonNode body) {
        for (Rule rule : rules) {
            if (rule.take(method, path, query, body)) {
                return Optional.of(rule.fault());
            }
        }
        return Optional.empty();
    }

    /**
     * Closes the port for {@code duration}: connects are refused, open connections are closed, then the workspace
     * answers again on the same port. Returns at once.
     */
    public void refuseConnections(Duration duration) {
        server.stopListening();
        scheduler.schedule(server::listenAgain, duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Evicts the context as a cluster does to free room (remote-kernels §D.5); false if there was none. */
    public boolean evictContext(String contextId) {
        return contexts.evict(contextId);
    }

    /**
     * Commands whose code {@code matches} get stuck from now on: Running, deaf to cancel (they show
     * {@code Cancelling} and stay so), holding their context until {@link #releaseStuckCommands}.
     */
    public void stickCommands(Predicate<String> matches) {
        stuck.add(Objects.requireNonNull(matches, "matches"));
        LOG.info("Fault: matching commands get stuck in Running");
    }

    /** Lets stuck commands go: one that was cancelled ends Cancelled, the others run. */
    public void releaseStuckCommands() {
        synchronized (stuckLock) {
            stuck.clear();
            stuckLock.notifyAll();
        }
    }

    /** The warehouse's starts hang, so statements stay PENDING (reference §6.2), until {@code stuck} is false. */
    public void warehouseStuckStarting(String warehouseId, boolean stuckStarting) {
        warehouses.stuckStarting(warehouseId, stuckStarting);
        if (stuckStarting) {
            stuckWarehouses.add(warehouseId);
        } else {
            stuckWarehouses.remove(warehouseId);
        }
    }

    /** While true the workspace refuses its static token as expired: 403 "Invalid access token." (reference §1.3). */
    public void tokenExpired(boolean expired) {
        server.tokenExpired(expired);
        LOG.info("Fault: the personal access token is {}", expired ? "refused as expired" : "accepted again");
    }

    /**
     * Switches every fault off: no HTTP faults, the port open, no stuck commands, every warehouse able to start, the
     * token accepted. An evicted context stays gone, as on a workspace.
     */
    public void clear() {
        rules.forEach(Rule::off);
        rules.clear();
        server.listenAgain();
        releaseStuckCommands();
        List.copyOf(stuckWarehouses).forEach(id -> warehouseStuckStarting(id, false));
        server.tokenExpired(false);
    }

    /** The span of an HTTP fault being switched on; its last method arms it. */
    public final class Switch {
        private final Calls calls;
        private int times = -1;
        private Instant until;

        private Switch(Calls calls) {
            this.calls = calls;
        }

        /** Only the next {@code count} matching calls. */
        public Switch times(int count) {
            if (count < 1) {
                throw new EmulatorException("A fault must hit at least one call, got " + count);
            }
            this.times = count;
            return this;
        }

        /** Matching calls during {@code duration} from when the fault is armed. */
        public Switch lasting(Duration duration) {
            this.until = clock.instant().plus(duration);
            return this;
        }

        /** 503 TEMPORARILY_UNAVAILABLE, with a {@code Retry-After} of whole seconds when given. */
        public Rule unavailable(Optional<Duration> retryAfter) {
            return arm(new HttpFault.Reject(503, "TEMPORARILY_UNAVAILABLE", "The service is temporarily "
                    + "unavailable. Please try again later.", retryAfter.map(d -> Long.toString(d.toSeconds()))));
        }

        /** 429 REQUEST_LIMIT_EXCEEDED, with a {@code Retry-After} of whole seconds when given. */
        public Rule rateLimited(Optional<Duration> retryAfter) {
            return arm(new HttpFault.Reject(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests. Please wait a moment "
                    + "and try again.", retryAfter.map(d -> Long.toString(d.toSeconds()))));
        }

        /** Handled as usual after {@code delay}. */
        public Rule delay(Duration delay) {
            return arm(new HttpFault.Delay(delay));
        }

        /** The connection closes without an answer, before the call is handled or after. */
        public Rule drop(boolean handled) {
            return arm(new HttpFault.Drop(handled));
        }

        /** Handled, but only half of the answer's body arrives before the connection closes. */
        public Rule cut() {
            return arm(new HttpFault.Cut());
        }

        /** Handled, and the answer's body arrives a few bytes at a time over {@code duration}. */
        public Rule trickle(Duration duration) {
            return arm(new HttpFault.Trickle(duration));
        }

        /** Any other HTTP fault. */
        public Rule arm(HttpFault fault) {
            Rule rule = new Rule(calls, fault, times, until, clock);
            rules.add(rule);
            LOG.info("Fault switched on: {}", rule);
            return rule;
        }
    }

    private final class Stuck implements StuckCommands {
        @Override
        public boolean holds(String code) {
            return stuck.stream().anyMatch(matches -> matches.test(code));
        }

        @Override
        public void awaitRelease(String code) throws InterruptedException {
            synchronized (stuckLock) {
                while (holds(code)) {
                    stuckLock.wait();
                }
            }
        }
    }
}
