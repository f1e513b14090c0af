package io.lakebook.guard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.guard.workspace.OwnedEntry;
import java.util.List;
import java.util.Set;

/**
 * What the guard would change on one endpoint: the configuration as read and as it would be written (equal when
 * nothing changes), which entries it would own afterwards, and what it found changed by someone else.
 *
 * @param groupBlock   true when the endpoint has no room for one entry per blocked user, so the managed group's
 *                     single entry blocks them
 * @param claims       entries to record as owned before the PUT
 * @param kept         {@code key:principal} of every entry the guard owns once the PUT is done
 * @param released     {@code key:principal} of owned entries someone else changed or removed, no longer the guard's
 * @param drift        sentences about entries changed outside the guard, for the report and the audit
 * @param unblockable  blocked users no entry could be found room for
 */
public record EndpointChange(String endpoint, ObjectNode current, ObjectNode proposed, boolean groupBlock,
                             List<OwnedEntry> claims, Set<String> kept, Set<String> released, List<String> drift,
                             List<String> unblockable, int guardEntries, int adminEntries) {

    public boolean changed() {
        return !current.equals(proposed);
    }
}
