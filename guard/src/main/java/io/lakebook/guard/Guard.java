package io.lakebook.guard;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.MeRequest;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.remote.Failures;
import io.lakebook.guard.budget.Budgets;
import io.lakebook.guard.gateway.EndpointChange;
import io.lakebook.guard.gateway.EndpointWriter;
import io.lakebook.guard.gateway.EntryPlanner;
import io.lakebook.guard.gateway.GatewayClient;
import io.lakebook.guard.notify.Notifier;
import io.lakebook.guard.plan.Action;
import io.lakebook.guard.plan.BlockState;
import io.lakebook.guard.plan.Decision;
import io.lakebook.guard.plan.Plan;
import io.lakebook.guard.plan.PlanInput;
import io.lakebook.guard.plan.Planner;
import io.lakebook.guard.plan.UsageRow;
import io.lakebook.guard.plan.UsageWindow;
import io.lakebook.guard.workspace.AuditRow;
import io.lakebook.guard.workspace.Groups;
import io.lakebook.guard.workspace.Lease;
import io.lakebook.guard.workspace.OwnedEntry;
import io.lakebook.guard.workspace.StateStore;
import io.lakebook.guard.workspace.StatusRow;
import io.lakebook.guard.workspace.UsageReader;
import io.lakebook.guard.workspace.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the budget guard. {@link #plan()} reads usage, state, group membership and the endpoints and says what
 * it would do, writing nothing anywhere; {@link #apply()} does the same between checking the lease and taking it
 * (so two overlapping runs never both act, and the one that acts decides from what it read), writes the gateway
 * changes endpoint by endpoint with a fresh read before each PUT and a read-back after it, then the status, the
 * notifications and the audit trail. A run that finds nothing to do writes nothing, not even the lease.
 *
 * <p>The order of writes keeps a crash harmless: the managed group gains members before the entry that blocks it is
 * placed and loses them only after; entries are recorded as the guard's before the PUT that adds them.
 */
public final class Guard {
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    /** Audit rows written once a period for a problem that lasts, so the trail is not one row per run. */
    private static final Set<String> ONCE_A_PERIOD = Set.of("CONFIG", "UNPRICED", "UNBLOCKABLE", "NOT_BLOCKED");

    private final WorkspaceClient workspace;
    private final Budgets budgets;
    private final UsageReader usage;
    private final StateStore store;
    private final GatewayClient gateway;
    private final Groups groups;
    private final Warehouse warehouse;
    private final Notices notices;
    private final String runId = UUID.randomUUID().toString();

    public Guard(WorkspaceClient workspace, Warehouse warehouse, Budgets budgets, Notifier notifier) {
        this.workspace = workspace;
        this.warehouse = warehouse;
        this.budgets = budgets;
        this.usage = new UsageReader(warehouse);
        this.store = new StateStore(warehouse, budgets.stateSchema());
        this.gateway = new GatewayClient(workspace);
        this.groups = new Groups(workspace);
        this.notices = new Notices(notifier, store, budgets, workspace.config().getHost());
    }

    /** What a run would do now; writes nothing. */
    public RunReport plan() {
        RunReport report = new RunReport(false);
        Work work = decide(read(usage.now()));
        present(work, report);
        work.changes.forEach(change -> describe(change, report, "would"));
        work.groupMembers.ifPresent(members -> report.line("the group " + budgets.blockGroup() + " would hold "
                + members.size() + " blocked user(s)"));
        notices.preview(work.snapshot.plan, work.snapshot.status, work.snapshot.sent, work.snapshot.pending, report);
        return report;
    }

    /**
     * Applies what a run decides now, under the lease. The lease is checked before anything is read and taken only
     * when there is something to do, on condition that no run took it in between: so what was read is what is acted
     * on, and a run with nothing to do writes nothing at all.
     */
    public RunReport apply() {
        RunReport report = new RunReport(true);
        store.ensure(workspace);
        Lease lease = new Lease(warehouse, store.table("guard_lease"), runId);
        Optional<Lease.Holder> other = lease.check(usage.now());
        if (other.isPresent()) {
            return skipped(other.get(), report);
        }
        Work work = decide(read(usage.now()));
        if (!work.hasWork()) {
            present(work, report);
            work.changes.forEach(change -> describe(change, report, "did"));
            LOG.info("Run {}: nothing to change", runId);
            return report;
        }
        other = lease.take(usage.now());
        if (other.isPresent()) {
            return skipped(other.get(), report);
        }
        try {
            LOG.info("Run {} holds the lease", runId);
            applyHeld(work, report, lease);
        } finally {
            lease.release();
        }
        return report;
    }

    private RunReport skipped(Lease.Holder other, RunReport report) {
        String why = "another run of the guard (" + other.holder() + ") holds the lease until " + other.until()
                + "; this run changed nothing";
        report.skip(why);
        store.appendAudit(List.of(new AuditRow(null, null, "SKIPPED", why, null, null, null, "skipped")),
                usage.now(), runId, actor());
        LOG.info("Run {} skipped: {}", runId, why);
        return report;
    }

    /** Everything a decision is made from, read at one moment. */
    private record Snapshot(Plan plan, Map<String, StatusRow> status, List<OwnedEntry> owned, Set<String> sent,
                            List<StateStore.PendingNotice> pending, Map<String, GatewayClient.EndpointState> endpoints,
                            Map<String, String> unreadable, Map<String, Set<String>> members, Set<String> managed,
                            Set<String> audited) {
    }

    private Snapshot read(Instant now) {
        UsageWindow window = UsageReader.window(budgets, now);
        List<UsageRow> rows = usage.read(budgets, window);
        UsageReader.Lag lag = usage.lag(budgets, now);
        Map<String, StatusRow> status = store.statusRows();
        Map<String, BlockState> blocks = new HashMap<>();
        Set<String> warned = new TreeSet<>();
        status.values().forEach(row -> {
            if (row.blockedUntil() != null) {
                blocks.put(row.user(), new BlockState(row.user(), row.blockedSince(), row.blockedUntil(),
                        row.blockBudget(), row.reason()));
            }
            if (window.periodStart().equals(row.warnedPeriodStart())) {
                warned.add(row.user());
            }
        });
        Map<String, GatewayClient.EndpointState> endpoints = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (String endpoint : budgets.endpoints()) {
            try {
                endpoints.put(endpoint, gateway.read(endpoint));
            } catch (GatewayClient.EndpointNotFoundException e) {
                unreadable.put(endpoint, budgets.lines().endpoint(endpoint) + ": endpoints names '" + endpoint
                        + "', but " + e.getMessage() + ". Correct the name (lakebook model list shows the "
                        + "workspace's endpoints) or remove it.");
            }
        }
        Set<String> wanted = new TreeSet<>(budgets.groups().keySet());
        endpoints.values().forEach(state -> state.gateway().path("rate_limits").forEach(entry -> {
            if ("user_group".equals(entry.path("key").asText()) && entry.path("principal").isTextual()) {
                wanted.add(entry.path("principal").asText());
            }
        }));
        wanted.add(budgets.blockGroup());
        Map<String, Set<String>> members = groups.members(wanted);
        Plan plan = Planner.plan(new PlanInput(budgets, window, lag.value(), lag.measured(), rows, members, blocks,
                warned));
        Instant horizon = window.periodStart().minus(Duration.ofDays(62));
        return new Snapshot(plan, status, store.ownedEntries(), store.sentNotices(horizon),
                store.pendingNotices(horizon), endpoints, unreadable, members,
                members.getOrDefault(budgets.blockGroup(), Set.of()), store.auditedSince(window.periodStart(),
                ONCE_A_PERIOD));
    }

    /** What a run would do with a snapshot: the endpoint changes, the problems, whether anything is to be done. */
    private final class Work {
        final Snapshot snapshot;
        final List<String> blocked;
        final EntryPlanner.Limits limits;
        final List<EndpointChange> changes = new ArrayList<>();
        final Optional<Set<String>> groupMembers;
        final List<String> failures = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<AuditRow> problems = new ArrayList<>();
        final List<StatusRow> statusRows;

        Work(Snapshot snapshot) {
            this.snapshot = snapshot;
            this.blocked = snapshot.plan.blockedUsers();
            this.limits = new EntryPlanner.Limits(budgets.blockGroup(), budgets.maxRateLimits(),
                    budgets.maxGroupLimits(), snapshot.members);
            snapshot.endpoints.forEach((endpoint, state) -> changes.add(EntryPlanner.plan(endpoint,
                    state.gateway(), snapshot.owned, blocked, limits)));
            this.groupMembers = groupMembers(changes);
            this.statusRows = statusRows(snapshot);
            problems();
        }

        private void problems() {
            snapshot.unreadable.forEach((endpoint, text) -> fail(text, null, endpoint, "CONFIG"));
            snapshot.endpoints.forEach((endpoint, state) -> {
                boolean priced = budgets.prices().models().containsKey(endpoint)
                        || state.models().stream().anyMatch(budgets.prices().models()::containsKey);
                if (!priced) {
                    fail(budgets.lines().endpoint(endpoint) + ": the governed endpoint " + endpoint + " has no price: "
                            + "add it under prices (by its name" + (state.models().isEmpty() ? "" : " or by its "
                            + "model, " + String.join(", ", state.models())) + "), or its usage counts for nothing",
                            null, endpoint, "CONFIG");
                }
            });
            budgets.groups().keySet().stream().filter(group -> !snapshot.members.containsKey(group)).sorted()
                    .forEach(group -> {
                        String text = budgets.lines().group(group) + ": the group " + group + " does not exist in "
                                + "this workspace, so its budgets apply to no one. Correct the name or create it.";
                        warnings.add(text);
                        once(new AuditRow(null, null, "CONFIG", text, null, null, null, "reported"));
                    });
            snapshot.plan.warnings().forEach(text -> fail(text, null, null, "UNPRICED"));
            changes.forEach(change -> change.unblockable().forEach((principal, why) -> fail(why, principal,
                    change.endpoint(), "UNBLOCKABLE")));
            changes.forEach(change -> change.leftAlone().forEach((principal, why) -> {
                warnings.add(why);
                once(new AuditRow(principal, change.endpoint(), "NOT_BLOCKED", why, null, null, null, "reported"));
            }));
        }

        private void fail(String text, String principal, String endpoint, String action) {
            failures.add(text);
            // The audit keeps one row a period per problem, so its reason leaves out figures that grow by the run.
            once(new AuditRow(principal, endpoint, action, text.replaceAll(" \\(\\d+ tokens\\)", ""), null, null,
                    null, "failed"));
        }

        private void once(AuditRow row) {
            if (!snapshot.audited.contains(row.action() + "|" + row.user() + "|" + row.endpoint() + "|"
                    + row.reason())) {
                problems.add(row);
            }
        }

        boolean hasWork() {
            boolean endpoints = changes.stream().anyMatch(change -> change.changed() || !change.released().isEmpty()
                    || !EndpointWriter.settled(snapshot.owned, change));
            boolean group = !groupMembers.orElse(Set.of()).equals(snapshot.managed);
            boolean news = snapshot.plan.decisions().stream().anyMatch(d -> news(d, snapshot.status.get(d.user())));
            return endpoints || group || news || !statusRows.isEmpty() || !problems.isEmpty()
                    || notices.due(snapshot.plan, snapshot.status, snapshot.sent, snapshot.pending);
        }
    }

    private Work decide(Snapshot snapshot) {
        return new Work(snapshot);
    }

    /** The managed group's members when some endpoint blocks through it: the users that group entry is to hold. */
    private static Optional<Set<String>> groupMembers(List<EndpointChange> changes) {
        if (changes.stream().noneMatch(EndpointChange::groupBlock)) {
            return Optional.empty();
        }
        Set<String> members = new TreeSet<>();
        changes.stream().filter(EndpointChange::groupBlock).forEach(change -> members.addAll(change.groupMembers()));
        return Optional.of(members);
    }

    private void present(Work work, RunReport report) {
        report.plan(work.snapshot.plan);
        work.changes.forEach(report::endpoint);
        work.warnings.forEach(report::warning);
        work.failures.forEach(report::failure);
    }

    private void applyHeld(Work work, RunReport report, Lease lease) {
        if (!lease.held()) {
            throw new LakebookException("The guard's lease ran out before this run wrote anything (another run took "
                    + "it over); nothing was changed. Run it again.");
        }
        Plan plan = work.snapshot.plan;
        report.plan(plan);
        work.warnings.forEach(report::warning);
        work.failures.forEach(report::failure);
        List<AuditRow> audit = new ArrayList<>(work.problems);
        Set<String> unknown = new TreeSet<>();
        work.groupMembers.ifPresent(members -> unknown.addAll(setGroup(members, true, report, audit)));
        EndpointWriter writer = new EndpointWriter(gateway, store, runId);
        Map<String, EndpointWriter.Outcome> outcomes = new LinkedHashMap<>();
        Set<String> managed = new TreeSet<>();
        for (EndpointChange planned : work.changes) {
            EndpointWriter.Outcome outcome = writer.write(planned, work.snapshot.owned, work.blocked, work.limits,
                    plan.now());
            outcomes.put(planned.endpoint(), outcome);
            report(outcome, report, audit);
            if (outcome.change().groupBlock()) {
                managed.addAll(outcome.change().groupMembers());
            }
        }
        if (!managed.isEmpty() || !work.snapshot.managed.isEmpty()) {
            unknown.addAll(setGroup(managed, false, report, audit));
        }
        Map<String, String> notBlocked = notBlocked(work, outcomes, unknown);
        writeStatus(work, audit, notBlocked, outcomes);
        audit.addAll(notices.send(plan, work.snapshot.status, work.snapshot.sent, work.snapshot.pending, notBlocked,
                outcomes.values().stream().allMatch(EndpointWriter.Outcome::ok) && work.snapshot.unreadable.isEmpty(),
                report));
        store.appendAudit(audit, plan.now(), runId, actor());
    }

    private void report(EndpointWriter.Outcome outcome, RunReport report, List<AuditRow> audit) {
        EndpointChange change = outcome.change();
        report.endpoint(change);
        change.drift().forEach(text -> audit.add(new AuditRow(null, change.endpoint(), "DRIFT", text, null, null,
                null, "reported")));
        outcome.notes().forEach(text -> {
            report.line(text);
            audit.add(new AuditRow(null, change.endpoint(), "CAP", text, null, null, null, "reported"));
        });
        if (outcome.failure().isPresent()) {
            String text = outcome.failure().get();
            change.drift().forEach(drift -> report.line(change.endpoint() + ": " + drift));
            report.failure(change.endpoint() + ": " + text);
            audit.add(new AuditRow(null, change.endpoint(), "WRITE", text, null, null, null, "failed"));
            return;
        }
        describe(change, report, "did");
        if (change.groupBlock() && outcome.written()) {
            audit.add(new AuditRow(null, change.endpoint(), "GROUP_BLOCK", "more blocked users than free rate-limit "
                    + "entries: blocking through the group " + budgets.blockGroup(), null, null, null, "applied"));
        }
    }

    /** Why each blocked principal is not blocked on every governed endpoint, for those it is not. */
    private Map<String, String> notBlocked(Work work, Map<String, EndpointWriter.Outcome> outcomes,
                                           Set<String> unknown) {
        Map<String, String> why = new LinkedHashMap<>();
        for (String principal : work.blocked) {
            List<String> reasons = new ArrayList<>();
            work.snapshot.unreadable.keySet().forEach(endpoint -> reasons.add(endpoint + " could not be read"));
            outcomes.forEach((endpoint, outcome) -> {
                EndpointChange change = outcome.change();
                if (!outcome.ok()) {
                    reasons.add(endpoint + " was not written: " + outcome.failure().get());
                } else if (change.unblockable().containsKey(principal)) {
                    reasons.add(change.unblockable().get(principal));
                } else if (change.leftAlone().containsKey(principal)) {
                    reasons.add(change.leftAlone().get(principal));
                } else if (!change.covered().contains(principal)) {
                    reasons.add("no entry holds them on " + endpoint);
                } else if (change.groupMembers().contains(principal) && unknown.contains(principal)) {
                    reasons.add("they could not join the group " + budgets.blockGroup());
                }
            });
            if (!reasons.isEmpty()) {
                why.put(principal, String.join("; ", reasons));
            }
        }
        return why;
    }

    private List<String> setGroup(Set<String> members, boolean onlyAdd, RunReport report, List<AuditRow> audit) {
        List<String> unknown = groups.setManaged(budgets.blockGroup(), members, onlyAdd);
        unknown.forEach(user -> {
            String text = user + " is not a user of this workspace, so cannot join the group " + budgets.blockGroup();
            report.failure(text);
            audit.add(new AuditRow(user, null, "GROUP_MEMBER", text, null, null, null, "failed"));
        });
        return unknown;
    }

    private void writeStatus(Work work, List<AuditRow> audit, Map<String, String> notBlocked,
                             Map<String, EndpointWriter.Outcome> outcomes) {
        Plan plan = work.snapshot.plan;
        String failedOn = String.join(", ", outcomes.entrySet().stream().filter(e -> !e.getValue().ok())
                .map(Map.Entry::getKey).toList());
        for (Decision decision : plan.decisions()) {
            StatusRow old = work.snapshot.status.get(decision.user());
            if (!news(decision, old)) {
                continue;
            }
            LOG.info("Run {}: {} {} (spent {}, budget {}, projected {}): {}", runId, decision.action(),
                    decision.user(), decision.spent(), decision.budget(), decision.projected(), decision.reason());
            String result = switch (decision.action()) {
                case WARN, EXEMPT -> "noted";
                case BLOCK -> notBlocked.containsKey(decision.user()) ? "not blocked: "
                        + notBlocked.get(decision.user()) : "applied";
                default -> failedOn.isEmpty() ? "applied" : "failed on " + failedOn;
            };
            audit.add(new AuditRow(decision.user(), null, decision.action().name(), decision.reason(),
                    decision.spent(), decision.budget(), decision.projected(), result));
        }
        store.writeStatus(work.statusRows, plan.now(), runId);
    }

    private static boolean news(Decision decision, StatusRow old) {
        return decision.action().changes() || decision.action() == Action.EXEMPT && (old == null
                || !"EXEMPT".equals(old.action()));
    }

    private List<StatusRow> statusRows(Snapshot snapshot) {
        List<StatusRow> rows = new ArrayList<>();
        for (Decision decision : snapshot.plan.decisions()) {
            StatusRow old = snapshot.status.get(decision.user());
            StatusRow row = statusRow(decision, old, snapshot.plan);
            if (!row.sameAs(old)) {
                rows.add(row);
            }
        }
        return rows;
    }

    private StatusRow statusRow(Decision decision, StatusRow old, Plan plan) {
        boolean blocked = decision.action().blocked();
        boolean keep = blocked && old != null && old.blockedSince() != null;
        Instant since = !blocked ? null : keep ? old.blockedSince() : plan.now();
        Instant warned = decision.action() == Action.WARN ? plan.periodStart() : old == null ? null
                : old.warnedPeriodStart();
        String state = blocked ? "BLOCKED" : decision.action() == Action.EXEMPT ? "EXEMPT" : "OK";
        return new StatusRow(decision.user(), plan.periodStart(), decision.spent(), decision.budget(),
                state, decision.reason(), since, decision.blockedUntil().orElse(null),
                !blocked ? null : keep ? old.blockBudget() : decision.budget(), warned, plan.now(),
                budgets.currency(), budgets.zone().getId());
    }

    private void describe(EndpointChange change, RunReport report, String verb) {
        change.drift().forEach(text -> report.line(change.endpoint() + ": " + text));
        if (!change.changed()) {
            report.line(change.endpoint() + ": no change (" + change.guardEntries() + " guard entr(ies), "
                    + change.adminEntries() + " other)");
            return;
        }
        String how = change.guardEntries() == 0 ? "none, as no one is blocked" : change.groupBlock()
                ? "blocking through the group " + budgets.blockGroup() + ", as the endpoint has no room for one "
                + "entry per blocked principal" : "one entry per blocked principal";
        report.line(change.endpoint() + ": " + verb + " set " + change.guardEntries() + " guard entr(ies) (" + how
                + "), keeping " + change.adminEntries() + " other entr(ies) and every other setting as they are");
    }

    private String actor() {
        return Failures.call(() -> workspace.currentUser().me(new MeRequest()).getUserName(),
                "read who the guard runs as");
    }
}
