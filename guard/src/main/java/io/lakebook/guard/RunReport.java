package io.lakebook.guard;

import io.lakebook.guard.gateway.EndpointChange;
import io.lakebook.guard.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run found and did: the plan, each endpoint's change, and the lines to show. {@code applied} is false for
 * {@code plan} and {@code --dry-run}, which change nothing anywhere.
 */
public final class RunReport {
    private final boolean applied;
    private Plan plan;
    private final List<EndpointChange> endpoints = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Optional<String> skipped = Optional.empty();

    RunReport(boolean applied) {
        this.applied = applied;
    }

    public boolean applied() {
        return applied;
    }

    public Optional<Plan> plan() {
        return Optional.ofNullable(plan);
    }

    public List<EndpointChange> endpoints() {
        return List.copyOf(endpoints);
    }

    /** What was done or would be done, one sentence each. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** What went wrong; a run with failures exits with status 1. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** What an admin should know that does not fail the run, such as a budget group the workspace lacks. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Why the run did nothing, when another run held the lease. */
    public Optional<String> skipped() {
        return skipped;
    }

    void plan(Plan value) {
        this.plan = value;
    }

    void endpoint(EndpointChange change) {
        endpoints.add(change);
    }

    void line(String text) {
        lines.add(text);
    }

    void failure(String text) {
        failures.add(text);
    }

    void warning(String text) {
        warnings.add(text);
    }

    void skip(String why) {
        skipped = Optional.of(why);
    }
}
