package io.lakebook.guard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.guard.workspace.OwnedEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryPlannerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EP = "ep";
    private static final String SP = "6f3c2a1e-0b7d-4c5e-9a3f-11d2c4b5a601";
    private static final EntryPlanner.Limits ROOMY = limits(20, 5, Map.of());

    @Test
    void addsOneEntryPerBlockedUserAfterTheAdminsAndKeepsEverythingElse() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"endpoint\",\"calls\":600,"
                + "\"renewal_period\":\"minute\"}],\"guardrails\":{\"input\":{\"safety\":true}},"
                + "\"future_field\":{\"x\":1}}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(), List.of("a@x.com"), ROOMY);
        assertTrue(change.changed());
        assertEquals(json("{\"rate_limits\":[{\"key\":\"endpoint\",\"calls\":600,\"renewal_period\":\"minute\"},"
                + "{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":0,\"renewal_period\":\"minute\"}],"
                + "\"guardrails\":{\"input\":{\"safety\":true}},\"future_field\":{\"x\":1}}"), change.proposed());
        assertEquals(List.of(owned("user", "a@x.com", OwnedEntry.ADDING)), change.claims());
    }

    @Test
    void blocksAServicePrincipalWithAServicePrincipalEntry() throws Exception {
        EndpointChange change = EntryPlanner.plan(EP, json("{}"), List.of(), List.of(SP), ROOMY);
        assertEquals("[{\"key\":\"service_principal\",\"principal\":\"" + SP + "\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"}]", change.proposed().path("rate_limits").toString());
        assertEquals(Set.of(SP), change.covered());
    }

    @Test
    void changesNothingWhenTheGuardsEntriesAreAlreadyThere() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"},{\"key\":\"user\",\"principal\":\"admin-set@x.com\",\"calls\":5,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(owned("user", "a@x.com", OwnedEntry.PLACED)),
                List.of("a@x.com"), ROOMY);
        assertFalse(change.changed());
        assertEquals(List.of(), change.drift());
    }

    @Test
    void quotesAnOwnedEntryAnAdminChangedAndPutsNoFreshEntryBesideIt() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":100,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(owned("user", "a@x.com", OwnedEntry.PLACED)),
                List.of("a@x.com"), ROOMY);
        assertFalse(change.changed(), "the admin's change stays, with no entry of the guard's beside it");
        assertEquals(List.of("the guard's entry {\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"} was changed outside the guard to {\"key\":\"user\",\"principal\":"
                + "\"a@x.com\",\"calls\":100,\"renewal_period\":\"minute\"}; it is left as it is"), change.drift());
        assertTrue(change.leftAlone().get("a@x.com").startsWith("a@x.com is not blocked by the guard on ep: the "
                + "guard's entry"), change.leftAlone().toString());
        assertEquals(List.of(OwnedEntry.RELEASED), change.owned().stream().map(OwnedEntry::state).toList());
    }

    @Test
    void leavesAUserAloneWhoseEntryWasRemovedUntilTheBlockEnds() throws Exception {
        EndpointChange removed = EntryPlanner.plan(EP, json("{}"), List.of(owned("user", "a@x.com",
                OwnedEntry.PLACED)), List.of("a@x.com"), ROOMY);
        assertTrue(removed.drift().get(0).endsWith("was removed outside the guard"), removed.drift().toString());
        assertFalse(removed.changed());
        EndpointChange later = EntryPlanner.plan(EP, json("{}"), removed.owned(), List.of("a@x.com"), ROOMY);
        assertEquals(List.of(), later.drift(), "reported once");
        assertFalse(later.changed());
        EndpointChange unblocked = EntryPlanner.plan(EP, json("{}"), removed.owned(), List.of(), ROOMY);
        assertEquals(List.of(), unblocked.owned(), "forgotten once the block ends");
    }

    @Test
    void keepsItsEntryBesideAnAdminsEntryForTheSameUserWithoutReportingItAgain() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":100,"
                + "\"renewal_period\":\"minute\"},{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(owned("user", "a@x.com", OwnedEntry.PLACED)),
                List.of("a@x.com"), ROOMY);
        assertFalse(change.changed());
        assertEquals(List.of(), change.drift());
        assertEquals(List.of(), change.released());
    }

    @Test
    void addsNoEntryForAUserSomeoneElseAlreadyHoldsAtZeroCalls() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(), List.of("a@x.com"), ROOMY);
        assertFalse(change.changed());
        assertEquals(List.of(), change.owned());
        assertEquals(Set.of("a@x.com"), change.covered());
    }

    @Test
    void doesNotReportAnEntryWhosePutNeverLandedAndKeepsOneRowPerEntry() throws Exception {
        List<OwnedEntry> leftovers = List.of(owned("user", "a@x.com", OwnedEntry.ADDING),
                owned("user", "a@x.com", OwnedEntry.ADDING));
        EndpointChange change = EntryPlanner.plan(EP, json("{}"), leftovers, List.of("a@x.com"), ROOMY);
        assertEquals(List.of(), change.drift());
        assertEquals(List.of(owned("user", "a@x.com", OwnedEntry.PLACED)), change.owned());
        assertFalse(EndpointWriter.settled(leftovers, change), "the two rows become one");
    }

    @Test
    void blocksThroughTheGroupPastTheCapButKeepsUserEntriesWhereAnAdminsUserLimitWouldWin() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"b@x.com\",\"calls\":50,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(), List.of("a@x.com", "b@x.com", "c@x.com",
                "d@x.com"), limits(3, 5, Map.of()));
        assertTrue(change.groupBlock());
        assertEquals(List.of("user_group:blocked", "user:b@x.com"), change.owned().stream().map(OwnedEntry::id)
                .toList());
        assertEquals(Set.of("a@x.com", "c@x.com", "d@x.com"), change.groupMembers());
        assertEquals(3, change.proposed().path("rate_limits").size());
    }

    @Test
    void givesMembersOfAnotherLimitedGroupAnEntryOfTheirOwnInGroupMode() throws Exception {
        // gateway-budgets §1.6: a member of several limited groups is limited only once all of them are spent.
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user_group\",\"principal\":\"interns\","
                + "\"calls\":100,\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(), List.of("a@x.com", "b@x.com", "c@x.com",
                SP), limits(4, 5, Map.of("interns", Set.of("b@x.com"))));
        assertTrue(change.groupBlock());
        assertEquals(List.of("user_group:blocked", "user:b@x.com", "service_principal:" + SP),
                change.owned().stream().map(OwnedEntry::id).toList());
        assertEquals(Set.of("a@x.com", "c@x.com"), change.groupMembers());
        assertEquals(Set.of("a@x.com", "b@x.com", "c@x.com", SP), change.covered());
    }

    @Test
    void reportsWhoTheGroupBlockCannotHoldWhenNoSlotIsLeft() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user_group\",\"principal\":\"interns\","
                + "\"calls\":100,\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(), List.of("a@x.com", "b@x.com", "c@x.com"),
                limits(2, 5, Map.of("interns", Set.of("b@x.com"))));
        assertTrue(change.groupBlock());
        assertFalse(change.covered().contains("b@x.com"));
        assertTrue(change.unblockable().get("b@x.com").contains("they are in the group interns"),
                change.unblockable().toString());
    }

    private static EntryPlanner.Limits limits(int max, int groups, Map<String, Set<String>> members) {
        return new EntryPlanner.Limits("blocked", max, groups, members);
    }

    private static OwnedEntry owned(String key, String principal, String state) {
        return new OwnedEntry(EP, key, principal, state, null);
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }
}
