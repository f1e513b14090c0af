package io.lakebook.guard;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.MeRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.error.LakebookException;
import io.lakebook.core.remote.Failures;
import io.lakebook.guard.budget.Budgets;
import io.lakebook.guard.gateway.EndpointChange;
import io.lakebook.guard.gateway.EntryPlanner;
import io.lakebook.guard.gateway.GatewayClient;
import io.lakebook.guard.notify.Notice;
import io.lakebook.guard.notify.Notifier;
import io.lakebook.guard.notify.NotifyException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the budget guard. {@link #plan()} reads usage, state and group membership and says what it would do,
 * writing nothing anywhere; {@link #apply()} takes the lease, reads everything again under it (so a run that
 * overlapped another decides from what that run left), writes the gateway changes with a read-back check, then the
 * status, the audit trail and the notifications. A run that finds nothing new changes nothing.
 *
 * <p>The order of writes keeps a crash harmless: the managed group gains members before the entry that blocks it
 * is placed and loses them only after; entries are recorded as the guard's before the PUT that adds them.
 */
public final class Guard {
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    private final WorkspaceClient workspace;
    private final Budgets budgets;
    private final Notifier notifier;
    private final UsageReader usage;
    private final StateStore store;
    private final GatewayClient gateway;
    private final Groups groups;
    private final Warehouse warehouse;
    private final String runId = UUID.randomUUID().toString();

    public Guard(WorkspaceClient workspace, Warehouse warehouse, Budgets budgets, Notifier notifier) {
        this.workspace = workspace;
        this.warehouse = warehouse;
        this.budgets = budgets;
        this.notifier = notifier;
        this.usage = new UsageReader(warehouse);
        this.store = new StateStore(warehouse, budgets.stateSchema());
        this.gateway = new GatewayClient(workspace);
        this.groups = new Groups(workspace);
    }

    /** What a run would do now; writes nothing. */
    public RunReport plan() {
        RunReport report = new RunReport(false);
        Snapshot snapshot = read(usage.now());
        report.plan(snapshot.plan);
        for (String endpoint : budgets.endpoints()) {
            EndpointChange change = change(endpoint, snapshot);
            report.endpoint(change);
            describe(change, report, "would");
        }
        groupNeed(report.endpoints(), snapshot.plan).ifPresent(members -> report.line("the group "
                + budgets.blockGroup() + " would hold " + members.size() + " blocked user(s)"));
        return report;
    }

    /** Applies what a run decides now, under the lease. */
    public RunReport apply() {
        RunReport report = new RunReport(true);
        Instant started = usage.now();
        store.ensure(workspace);
        Lease lease = new Lease(warehouse, store.table("guard_lease"), runId);
        Optional<Lease.Holder> other = lease.acquire(started);
        if (other.isPresent()) {
            report.skip("another run of the guard (" + other.get().holder() + ") holds the lease until "
                    + other.get().until() + "; this run changed nothing");
            LOG.info("Run {} skipped: {}", runId, report.skipped().get());
            return report;
        }
        try {
            LOG.info("Run {} holds the lease", runId);
            applyHeld(report, lease);
        } finally {
            lease.release();
        }
        return report;
    }

    private void applyHeld(RunReport report, Lease lease) {
        Snapshot snapshot = read(usage.now());
        Plan plan = snapshot.plan;
        report.plan(plan);
        String actor = actor();
        List<EndpointChange> changes = new ArrayList<>();
        for (String endpoint : budgets.endpoints()) {
            changes.add(change(endpoint, snapshot));
        }
        Optional<Set<String>> managed = groupNeed(changes, plan);
        List<AuditRow> audit = new ArrayList<>();
        if (!lease.held()) {
            throw new LakebookException("The guard's lease ran out before this run wrote anything (another run took "
                    + "it over); nothing was changed. Run it again.");
        }
        managed.ifPresent(members -> setGroup(members, true, report, audit));
        Map<String, String> failed = new HashMap<>();
        for (EndpointChange change : changes) {
            report.endpoint(change);
            writeEndpoint(change, report, audit, failed, plan.now());
        }
        setGroup(managed.orElse(Set.of()), false, report, audit);
        writeStatus(snapshot, plan, audit, failed);
        store.appendAudit(audit, plan.now(), runId, actor);
        notify(snapshot, plan, report);
    }

    /** Everything a decision is made from, read at {@code now}. */
    private record Snapshot(Plan plan, Map<String, StatusRow> status, List<OwnedEntry> owned, Set<String> notices) {
    }

    private Snapshot read(Instant now) {
        UsageWindow window = UsageReader.window(budgets, now);
        List<UsageRow> rows = usage.read(budgets, window);
        Optional<Duration> lag = UsageReader.lag(rows, now, budgets);
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
        Map<String, Set<String>> members = groups.members(budgets.groups().keySet());
        members.forEach((group, users) -> {
            if (users.isEmpty()) {
                LOG.warn("The group {} of the budgets file has no members in the workspace (or does not exist); its "
                        + "budgets apply to no one", group);
            }
        });
        Plan plan = Planner.plan(new PlanInput(budgets, window, lag.orElse(budgets.maxLag()), lag.isPresent(), rows,
                members, blocks, warned));
        Set<String> notices = store.noticeKeys(window.periodStart().minus(Duration.ofDays(62)));
        return new Snapshot(plan, status, store.ownedEntries(), notices);
    }

    private EndpointChange change(String endpoint, Snapshot snapshot) {
        ObjectNode current = gateway.read(endpoint);
        List<String> blocked = snapshot.plan.blockedUsers();
        return EntryPlanner.plan(endpoint, current, snapshot.owned, blocked, budgets.blockGroup(),
                budgets.maxRateLimits(), budgets.maxGroupLimits());
    }

    /** The managed group's members when some endpoint blocks through it: every blocked user. */
    private static Optional<Set<String>> groupNeed(List<EndpointChange> changes, Plan plan) {
        return changes.stream().anyMatch(EndpointChange::groupBlock) ? Optional.of(new TreeSet<>(plan.blockedUsers()))
                : Optional.empty();
    }

    private void setGroup(Set<String> members, boolean onlyAdd, RunReport report, List<AuditRow> audit) {
        List<String> unknown = groups.setManaged(budgets.blockGroup(), members, onlyAdd);
        unknown.forEach(user -> {
            String text = user + " is not a user of this workspace, so cannot join the group " + budgets.blockGroup();
            report.failure(text);
            audit.add(new AuditRow(user, null, "GROUP_MEMBER", text, null, null, null, "failed"));
        });
    }

    private void writeEndpoint(EndpointChange change, RunReport report, List<AuditRow> audit,
                               Map<String, String> failed, Instant now) {
        describe(change, report, "did");
        change.drift().forEach(text -> audit.add(new AuditRow(null, change.endpoint(), "DRIFT", text, null, null,
                null, "reported")));
        store.releaseEntries(change.endpoint(), change.released());
        if (!change.changed()) {
            return;
        }
        try {
            store.claimEntries(change.endpoint(), change.claims(), now, runId);
            gateway.write(change.endpoint(), change.proposed());
            ObjectNode after = gateway.read(change.endpoint());
            if (!after.equals(change.proposed())) {
                String text = "the AI Gateway settings of " + change.endpoint() + " read back differently from what "
                        + "was written (someone changed them at the same time); the next run sets them again";
                report.failure(text);
                audit.add(new AuditRow(null, change.endpoint(), "VERIFY", text, null, null, null, "failed"));
                failed.put(change.endpoint(), text);
                return;
            }
            store.settleEntries(change.endpoint(), change.kept());
            if (change.groupBlock()) {
                audit.add(new AuditRow(null, change.endpoint(), "GROUP_BLOCK", "more blocked users than free "
                        + "rate-limit entries: blocking through the group " + budgets.blockGroup(), null, null, null,
                        "applied"));
            }
            LOG.info("Run {}: {} now has {} guard entr(ies) and {} other(s)", runId, change.endpoint(),
                    change.guardEntries(), change.adminEntries());
        } catch (LakebookException e) {
            report.failure(e.getMessage());
            failed.put(change.endpoint(), e.getMessage());
            audit.add(new AuditRow(null, change.endpoint(), "WRITE", e.getMessage(), null, null, null, "failed"));
        }
    }

    private void writeStatus(Snapshot snapshot, Plan plan, List<AuditRow> audit, Map<String, String> failed) {
        List<StatusRow> rows = new ArrayList<>();
        String result = failed.isEmpty() ? "applied" : "failed on " + String.join(", ", failed.keySet());
        for (Decision decision : plan.decisions()) {
            StatusRow old = snapshot.status.get(decision.user());
            StatusRow row = statusRow(decision, old, plan);
            if (!row.sameAs(old)) {
                rows.add(row);
            }
            boolean news = decision.action().changes() || decision.action() == Action.EXEMPT && (old == null
                    || !"EXEMPT".equals(old.action()));
            if (news) {
                LOG.info("Run {}: {} {} (spent {}, budget {}, projected {}): {}", runId, decision.action(),
                        decision.user(), decision.spent(), decision.budget(), decision.projected(), decision.reason());
                audit.add(new AuditRow(decision.user(), null, decision.action().name(), decision.reason(),
                        decision.spent(), decision.budget(), decision.projected(), decision.action() == Action.WARN
                        || decision.action() == Action.EXEMPT ? "noted" : result));
            }
        }
        store.writeStatus(rows, plan.now(), runId);
    }

    private static StatusRow statusRow(Decision decision, StatusRow old, Plan plan) {
        boolean blocked = decision.action().blocked();
        boolean keep = blocked && old != null && old.blockedSince() != null;
        Instant since = !blocked ? null : keep ? old.blockedSince() : plan.now();
        Instant warned = decision.action() == Action.WARN ? plan.periodStart() : old == null ? null
                : old.warnedPeriodStart();
        String state = blocked ? "BLOCKED" : decision.action() == Action.EXEMPT ? "EXEMPT" : "OK";
        return new StatusRow(decision.user(), plan.periodStart(), decision.spent(), decision.budget(),
                state, decision.reason(), since, decision.blockedUntil().orElse(null),
                !blocked ? null : keep ? old.blockBudget() : decision.budget(), warned, plan.now());
    }

    private void notify(Snapshot snapshot, Plan plan, RunReport report) {
        for (Decision decision : plan.decisions()) {
            StatusRow old = snapshot.status.get(decision.user());
            Optional<Notice> notice = notice(decision, old, plan);
            if (notice.isEmpty() || snapshot.notices.contains(notice.get().key())) {
                continue;
            }
            try {
                notifier.send(notice.get());
                store.recordNotice(notice.get().key(), decision.user(), notice.get().event(), plan.now(), "sent");
                report.line("told " + notifier.describe() + ": " + notice.get().event() + " " + decision.user());
            } catch (NotifyException e) {
                report.failure("could not send the " + notice.get().event() + " notice for " + decision.user() + ": "
                        + e.getMessage() + "; the next run tries again");
            }
        }
    }

    private Optional<Notice> notice(Decision decision, StatusRow old, Plan plan) {
        Instant since = decision.action() == Action.STAY_BLOCKED && old != null ? old.blockedSince() : plan.now();
        String event;
        String key;
        switch (decision.action()) {
            case WARN -> {
                event = "soft_warning";
                key = "warn|" + decision.user() + "|" + plan.periodStart();
            }
            case BLOCK, STAY_BLOCKED -> {
                event = "blocked";
                key = "block|" + decision.user() + "|" + since;
            }
            case UNBLOCK -> {
                event = "unblocked";
                key = "unblock|" + decision.user() + "|" + (old == null ? plan.now() : old.blockedSince());
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new Notice(key, event, decision.user(), decision.spent(), decision.budget(),
                decision.projected(), budgets.currency(), decision.reason(), plan.periodStart(),
                decision.blockedUntil().orElse(null)));
    }

    private void describe(EndpointChange change, RunReport report, String verb) {
        change.drift().forEach(text -> report.line(change.endpoint() + ": " + text));
        change.unblockable().forEach(user -> report.failure(change.endpoint() + ": no free rate-limit entry to "
                + "block " + user + " (the endpoint holds " + change.adminEntries() + " other entries)"));
        if (!change.changed()) {
            report.line(change.endpoint() + ": no change (" + change.guardEntries() + " guard entr(ies), "
                    + change.adminEntries() + " other)");
            return;
        }
        String how = change.guardEntries() == 0 ? "none, as no one is blocked" : change.groupBlock()
                ? "blocking through the group " + budgets.blockGroup() + ", as the endpoint has no room for one "
                + "entry per blocked user" : "one entry per blocked user";
        report.line(change.endpoint() + ": " + verb + " set " + change.guardEntries() + " guard entr(ies) (" + how
                + "), keeping " + change.adminEntries() + " other entr(ies) and every other setting as they are");
    }

    private String actor() {
        return Failures.call(() -> workspace.currentUser().me(new MeRequest()).getUserName(),
                "read who the guard runs as");
    }
}
