package io.lakebook.guard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.core.error.LakebookException;
import io.lakebook.guard.workspace.OwnedEntry;
import io.lakebook.guard.workspace.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one endpoint's rate limits. The PUT replaces the whole configuration and the API has no version check
 * (gateway-budgets §0.1), so the configuration is read again right before the PUT and the guard's entries are merged
 * onto that read, not onto one made earlier in the run: an admin's change in between is kept. After the PUT the
 * configuration is read back: the guard's entries must be as written and everything else as it was just before the
 * PUT; a difference means someone wrote at the same moment, and is reported.
 *
 * <p>When the workspace refuses the configuration for its number of entries (its real cap is below the budgets
 * file's {@code max_rate_limits}), the endpoint is planned again under the cap the refusal shows, which blocks
 * through the managed group, and written once more.
 */
public final class EndpointWriter {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointWriter.class);

    private final GatewayClient gateway;
    private final StateStore store;
    private final String runId;

    public EndpointWriter(GatewayClient gateway, StateStore store, String runId) {
        this.gateway = gateway;
        this.store = store;
        this.runId = runId;
    }

    /**
     * What came of one endpoint's write.
     *
     * @param change  the change as made (planned on the read right before the PUT)
     * @param failure why the endpoint is not as planned, when it is not
     * @param notes   what the report should say besides, such as a lower cap found
     */
    public record Outcome(EndpointChange change, Optional<String> failure, List<String> notes, boolean written) {
        public boolean ok() {
            return failure.isEmpty();
        }
    }

    public Outcome write(EndpointChange planned, List<OwnedEntry> owned, List<String> blocked,
                         EntryPlanner.Limits limits, Instant now) {
        String endpoint = planned.endpoint();
        ObjectNode fresh = gateway.read(endpoint).gateway();
        EndpointChange change = EntryPlanner.plan(endpoint, fresh, owned, blocked, limits);
        List<String> notes = new ArrayList<>();
        if (!change.released().isEmpty()) {
            store.releaseEntries(endpoint, change.released(), now, runId);
        }
        if (!change.changed()) {
            if (!settled(owned, change)) {
                store.settleEntries(endpoint, change.owned(), now, runId);
            }
            return new Outcome(change, Optional.empty(), notes, false);
        }
        try {
            put(change, now);
        } catch (GatewayClient.CapExceededException e) {
            EntryPlanner.Limits lower = lower(limits, change, fresh, e);
            notes.add(endpoint + ": " + e.getMessage() + "; planning again for at most " + lower.maxLimits()
                    + " rate limits (" + lower.maxGroupLimits() + " for groups). Set gateway.max_rate_limits (and "
                    + "max_group_rate_limits) in the budgets file to what the workspace takes.");
            change = EntryPlanner.plan(endpoint, fresh, owned, blocked, lower);
            if (!change.changed()) {
                return new Outcome(change, Optional.of(e.getMessage()), notes, false);
            }
            try {
                put(change, now);
            } catch (LakebookException again) {
                return new Outcome(change, Optional.of(again.getMessage()), notes, false);
            }
        } catch (LakebookException e) {
            return new Outcome(change, Optional.of(e.getMessage()), notes, false);
        }
        return verify(change, fresh, now, notes);
    }

    private void put(EndpointChange change, Instant now) {
        store.claimEntries(change.endpoint(), change.claims(), now, runId);
        gateway.write(change.endpoint(), change.proposed());
    }

    private Outcome verify(EndpointChange change, ObjectNode before, Instant now, List<String> notes) {
        String endpoint = change.endpoint();
        ObjectNode after = gateway.read(endpoint).gateway();
        Set<String> ids = new TreeSet<>(EntryPlanner.guardShapedIds(before));
        ids.addAll(EntryPlanner.guardShapedIds(change.proposed()));
        ObjectNode othersBefore = EntryPlanner.withoutGuardEntries(before, ids);
        ObjectNode othersAfter = EntryPlanner.withoutGuardEntries(after, ids);
        if (!othersAfter.equals(othersBefore)) {
            return new Outcome(change, Optional.of("the AI Gateway settings of " + endpoint + " that are not the "
                    + "guard's changed between the guard's read and its read-back (someone wrote at the same moment; "
                    + "the API has no version check, so a change made between the guard's read and its write may be "
                    + "lost): they were " + othersBefore + " and are now " + othersAfter + ". Check them; the next "
                    + "run merges onto what is there then"), notes, true);
        }
        if (!after.equals(change.proposed())) {
            return new Outcome(change, Optional.of("the guard's rate limits on " + endpoint + " read back "
                    + "differently from what was written (" + after.path("rate_limits") + "); the next run sets them "
                    + "again"), notes, true);
        }
        store.settleEntries(endpoint, change.owned(), now, runId);
        LOG.info("Run {}: {} now has {} guard entr(ies) and {} other(s)", runId, endpoint, change.guardEntries(),
                change.adminEntries());
        return new Outcome(change, Optional.empty(), notes, true);
    }

    /** Whether the guard's table already holds exactly the rows the change leaves for its endpoint. */
    public static boolean settled(List<OwnedEntry> stored, EndpointChange change) {
        List<String> have = new ArrayList<>();
        stored.stream().filter(row -> row.endpoint().equals(change.endpoint()))
                .forEach(row -> have.add(row.id() + "|" + row.state() + "|" + row.note()));
        List<String> want = new ArrayList<>();
        change.owned().forEach(row -> want.add(row.id() + "|" + row.state() + "|" + row.note()));
        have.sort(null);
        want.sort(null);
        return have.equals(want);
    }

    /** The caps to plan with after a refusal: the one the message names, else fewer than were sent. */
    private static EntryPlanner.Limits lower(EntryPlanner.Limits limits, EndpointChange refused, ObjectNode fresh,
                                             GatewayClient.CapExceededException e) {
        int sent = refused.proposed().path("rate_limits").size();
        if (e.groups()) {
            long groups = 0;
            for (var entry : refused.proposed().path("rate_limits")) {
                groups += EntryPlanner.GROUP.equals(entry.path("key").asText()) ? 1 : 0;
            }
            int cap = e.cap() >= 0 ? e.cap() : (int) Math.max(0, groups - 1);
            return new EntryPlanner.Limits(limits.blockGroup(), limits.maxLimits(), Math.min(cap,
                    limits.maxGroupLimits()), limits.limitedGroupMembers());
        }
        int known = Math.max(fresh.path("rate_limits").size(), refused.adminEntries() + 1);
        int cap = e.cap() > 0 ? e.cap() : Math.min(known, sent - 1);
        return new EntryPlanner.Limits(limits.blockGroup(), Math.max(1, Math.min(cap, sent - 1)),
                limits.maxGroupLimits(), limits.limitedGroupMembers());
    }
}
