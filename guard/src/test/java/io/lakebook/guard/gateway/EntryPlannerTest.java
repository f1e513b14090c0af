package io.lakebook.guard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.guard.workspace.OwnedEntry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryPlannerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EP = "ep";

    @Test
    void addsOneEntryPerBlockedUserAfterTheAdminsAndKeepsEverythingElse() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"endpoint\",\"calls\":600,"
                + "\"renewal_period\":\"minute\"}],\"guardrails\":{\"input\":{\"safety\":true}},"
                + "\"future_field\":{\"x\":1}}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(), List.of("a@x.com"), "blocked", 20, 5);
        assertTrue(change.changed());
        assertEquals(json("{\"rate_limits\":[{\"key\":\"endpoint\",\"calls\":600,\"renewal_period\":\"minute\"},"
                + "{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":0,\"renewal_period\":\"minute\"}],"
                + "\"guardrails\":{\"input\":{\"safety\":true}},\"future_field\":{\"x\":1}}"), change.proposed());
        assertEquals(List.of(new OwnedEntry(EP, "user", "a@x.com", false)), change.claims());
    }

    @Test
    void changesNothingWhenTheGuardsEntriesAreAlreadyThere() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"},{\"key\":\"user\",\"principal\":\"admin-set@x.com\",\"calls\":5,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(new OwnedEntry(EP, "user", "a@x.com", true)),
                List.of("a@x.com"), "blocked", 20, 5);
        assertFalse(change.changed());
        assertEquals(List.of(), change.drift());
    }

    @Test
    void givesUpAndReportsAnOwnedEntryAnAdminChanged() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":100,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(new OwnedEntry(EP, "user", "a@x.com", true)),
                List.of(), "blocked", 20, 5);
        assertFalse(change.changed(), "the admin's change stays");
        assertEquals(Set.of("user:a@x.com"), change.released());
        assertTrue(change.drift().get(0).contains("changed outside the guard"), change.drift().toString());
    }

    @Test
    void keepsItsEntryBesideAnAdminsEntryForTheSameUserWithoutReportingItAgain() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":100,"
                + "\"renewal_period\":\"minute\"},{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(new OwnedEntry(EP, "user", "a@x.com", true)),
                List.of("a@x.com"), "blocked", 20, 5);
        assertFalse(change.changed());
        assertEquals(List.of(), change.drift());
        assertEquals(Set.of(), change.released());
    }

    @Test
    void addsNoEntryForAUserSomeoneElseAlreadyHoldsAtZeroCalls() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"a@x.com\",\"calls\":0,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(), List.of("a@x.com"), "blocked", 20, 5);
        assertFalse(change.changed());
        assertEquals(Set.of(), change.kept());
    }

    @Test
    void reportsAnOwnedEntrySomeoneRemovedAndPlacesItAgainWhileTheUserIsOverBudget() throws Exception {
        EndpointChange change = EntryPlanner.plan(EP, json("{}"), List.of(new OwnedEntry(EP, "user", "a@x.com",
                true)), List.of("a@x.com"), "blocked", 20, 5);
        assertTrue(change.drift().get(0).contains("removed outside the guard"), change.drift().toString());
        assertTrue(change.changed());
    }

    @Test
    void doesNotReportAnEntryWhosePutNeverLanded() throws Exception {
        EndpointChange change = EntryPlanner.plan(EP, json("{}"), List.of(new OwnedEntry(EP, "user", "a@x.com",
                false)), List.of(), "blocked", 20, 5);
        assertEquals(List.of(), change.drift());
        assertFalse(change.changed());
    }

    @Test
    void blocksThroughTheGroupPastTheCapButKeepsUserEntriesWhereAnAdminsUserLimitWouldWin() throws Exception {
        ObjectNode current = json("{\"rate_limits\":[{\"key\":\"user\",\"principal\":\"b@x.com\",\"calls\":50,"
                + "\"renewal_period\":\"minute\"}]}");
        EndpointChange change = EntryPlanner.plan(EP, current, List.of(), List.of("a@x.com", "b@x.com", "c@x.com",
                "d@x.com"), "blocked", 3, 5);
        assertTrue(change.groupBlock());
        assertEquals(Set.of("user_group:blocked", "user:b@x.com"), change.kept());
        assertEquals(3, change.proposed().path("rate_limits").size());
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }
}
