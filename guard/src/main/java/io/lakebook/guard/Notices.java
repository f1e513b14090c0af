package io.lakebook.guard;

import io.lakebook.guard.budget.Budgets;
import io.lakebook.guard.notify.Notice;
import io.lakebook.guard.notify.NoticeBody;
import io.lakebook.guard.notify.Notifier;
import io.lakebook.guard.notify.NotifyException;
import io.lakebook.guard.plan.Action;
import io.lakebook.guard.plan.Decision;
import io.lakebook.guard.plan.Plan;
import io.lakebook.guard.workspace.AuditRow;
import io.lakebook.guard.workspace.StateStore;
import io.lakebook.guard.workspace.StatusRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The notifications of a run: the soft warning, the block and the unblock, each told once. Every try is recorded in
 * {@code guard_notices}, with the body when it failed, and a notice that could not be sent is sent again by the next
 * run; a failure also goes to the audit trail. A block is told only once it is in place on every governed endpoint,
 * and an unblock only once every endpoint was written.
 */
final class Notices {
    private final Notifier notifier;
    private final StateStore store;
    private final Budgets budgets;
    private final String workspace;

    Notices(Notifier notifier, StateStore store, Budgets budgets, String workspace) {
        this.notifier = notifier;
        this.store = store;
        this.budgets = budgets;
        this.workspace = workspace;
    }

    /** Whether a run has a notice to send or to send again. */
    boolean due(Plan plan, Map<String, StatusRow> status, Set<String> sent, List<StateStore.PendingNotice> pending) {
        return notifier.configured() && (!pending.isEmpty() || candidates(plan, status).stream()
                .anyMatch(notice -> !sent.contains(notice.key())));
    }

    /** For {@code plan} and {@code --dry-run}: the notices a run would send now. */
    void preview(Plan plan, Map<String, StatusRow> status, Set<String> sent, List<StateStore.PendingNotice> pending,
                 RunReport report) {
        if (!notifier.configured()) {
            return;
        }
        pending.forEach(notice -> report.line("would tell " + notifier.describe() + " again (it failed before): "
                + notice.event() + " " + notice.user()));
        candidates(plan, status).stream().filter(notice -> !sent.contains(notice.key())).forEach(notice ->
                report.line("would tell " + notifier.describe() + ": " + notice.event() + " " + notice.user()));
    }

    /**
     * Sends what is due and returns the audit rows of the failures.
     *
     * @param notBlocked blocked principals whose block is not in place everywhere, with why: no block notice yet
     * @param written    whether every endpoint was written as planned, which an unblock notice waits for
     */
    List<AuditRow> send(Plan plan, Map<String, StatusRow> status, Set<String> sent,
                        List<StateStore.PendingNotice> pending, Map<String, String> notBlocked, boolean written,
                        RunReport report) {
        List<AuditRow> audit = new ArrayList<>();
        if (!notifier.configured()) {
            return audit;
        }
        for (StateStore.PendingNotice notice : pending) {
            post(notice.key(), notice.user(), notice.event(), notice.payload(), plan.now(), report, audit);
        }
        for (Notice notice : candidates(plan, status)) {
            if (sent.contains(notice.key()) || pending.stream().anyMatch(p -> p.key().equals(notice.key()))) {
                continue;
            }
            if (notice.event().equals("blocked") && notBlocked.containsKey(notice.user())) {
                continue;
            }
            String body = NoticeBody.json(notice);
            if (notice.event().equals("unblocked") && !written) {
                hold(notice, body, plan.now(), report, audit);
                continue;
            }
            post(notice.key(), notice.user(), notice.event(), body, plan.now(), report, audit);
        }
        return audit;
    }

    private void post(String key, String user, String event, String body, Instant now, RunReport report,
                      List<AuditRow> audit) {
        try {
            notifier.send(body);
            store.recordNotice(key, user, event, now, "sent", null);
            report.line("told " + notifier.describe() + ": " + event + " " + user);
        } catch (NotifyException e) {
            store.recordNotice(key, user, event, now, "failed: " + e.getMessage(), body);
            report.failure("could not send the " + event + " notice for " + user + ": " + e.getMessage()
                    + "; the next run sends it again");
            audit.add(new AuditRow(user, null, "NOTICE", event + " notice not sent: " + e.getMessage(), null, null,
                    null, "failed"));
        }
    }

    private void hold(Notice notice, String body, Instant now, RunReport report, List<AuditRow> audit) {
        String why = "held: an endpoint was not written, so the unblock is not confirmed";
        store.recordNotice(notice.key(), notice.user(), notice.event(), now, why, body);
        report.line("the unblocked notice for " + notice.user() + " waits for the next run: " + why);
        audit.add(new AuditRow(notice.user(), null, "NOTICE", "unblocked notice " + why, null, null, null,
                "held"));
    }

    private List<Notice> candidates(Plan plan, Map<String, StatusRow> status) {
        List<Notice> notices = new ArrayList<>();
        for (Decision decision : plan.decisions()) {
            notice(decision, status.get(decision.user()), plan).ifPresent(notices::add);
        }
        return notices;
    }

    private Optional<Notice> notice(Decision decision, StatusRow old, Plan plan) {
        Instant since = decision.action() == Action.STAY_BLOCKED && old != null && old.blockedSince() != null
                ? old.blockedSince() : plan.now();
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
                decision.blockedUntil().orElse(null), budgets.zone(), workspace, budgets.endpoints()));
    }
}
