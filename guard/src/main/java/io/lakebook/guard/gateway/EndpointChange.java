package io.lakebook.guard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.guard.workspace.OwnedEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the guard would change on one endpoint: the configuration as read and as it would be written (equal when
 * nothing changes), which entries it would own afterwards, and what it found changed by someone else.
 *
 * @param groupBlock   true when the endpoint has no room for one entry per blocked principal, so the managed group's
 *                     single entry blocks the blocked users who need no entry of their own
 * @param claims       entries to record as owned before the PUT
 * @param owned        every row the guard's table should hold for the endpoint once the PUT is done: the entries it
 *                     owns (placed) and those it gave up (released, kept while their principal is still blocked)
 * @param released     entries someone else changed or removed in this run's read, to record as released at once
 * @param drift        sentences about entries changed outside the guard, each quoting the entry, for the report and
 *                     the audit
 * @param unblockable  blocked principals the guard cannot block here, with why
 * @param leftAlone    blocked principals whose entry of the guard's someone else changed or removed: the guard leaves
 *                     them alone here until their block ends, with why
 * @param groupMembers blocked users whom the managed group's entry is to block here
 * @param covered      blocked principals the proposed configuration blocks here
 */
public record EndpointChange(String endpoint, ObjectNode current, ObjectNode proposed, boolean groupBlock,
                             List<OwnedEntry> claims, List<OwnedEntry> owned, List<OwnedEntry> released,
                             List<String> drift, Map<String, String> unblockable, Map<String, String> leftAlone,
                             Set<String> groupMembers,
                             Set<String> covered, int guardEntries, int adminEntries) {

    public boolean changed() {
        return !current.equals(proposed);
    }
}
