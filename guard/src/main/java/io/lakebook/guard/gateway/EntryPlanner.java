package io.lakebook.guard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.guard.budget.Principals;
import io.lakebook.guard.workspace.OwnedEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Works out one endpoint's new rate limits without I/O. Only the guard's own entries change: each blocked principal
 * gets {@code {key: user, principal: EMAIL, calls: 0, renewal_period: minute}} ({@code key: service_principal} with
 * the application id for a service principal; a limit of 0 calls is the blocking form in use, gateway-budgets §0.4);
 * every other entry, and every other part of the configuration (usage tracking, inference tables, guardrails,
 * fallbacks), is kept as it was read.
 *
 * <p>An owned entry that is gone, or no longer has the guard's form, was changed by someone else: it is reported,
 * quoting the entry, and the guard leaves that principal alone on the endpoint until their block ends (no fresh entry
 * beside the admin's): the report then names them as not blocked by the guard, and why.
 *
 * <p>When the endpoint's entry cap (gateway-budgets §0.3) leaves no room for one entry per blocked principal, the
 * managed group's one {@code user_group} entry blocks them (§4.1). A group entry does not hold everyone, since a
 * user-specific limit beats a group limit and a member of several limited groups is limited only once all of them are
 * spent (§1.6); so these keep an entry of their own, taking the free slots first: users with an admin's entry of their
 * own, members of a group an admin limited on the endpoint, and service principals (which the guard does not put in
 * its group). Whoever finds no slot is reported as not blockable, with why.
 */
public final class EntryPlanner {
    static final String USER = "user";
    static final String GROUP = "user_group";
    static final String SERVICE_PRINCIPAL = "service_principal";

    private EntryPlanner() {
    }

    /** What the planner needs besides the configuration. */
    public record Limits(String blockGroup, int maxLimits, int maxGroupLimits,
                         Map<String, Set<String>> limitedGroupMembers) {
    }

    public static EndpointChange plan(String endpoint, ObjectNode current, List<OwnedEntry> owned,
                                      List<String> blocked, Limits limits) {
        Map<String, OwnedEntry> mine = mine(endpoint, owned);
        List<JsonNode> admin = new ArrayList<>();
        Set<String> present = new TreeSet<>();
        Map<String, OwnedEntry> released = new TreeMap<>();
        List<String> drift = new ArrayList<>();
        Set<String> shaped = new TreeSet<>();
        current.path("rate_limits").forEach(entry -> {
            OwnedEntry own = mine.get(id(entry));
            if (isGuardShaped(entry) && own != null && !own.released()) {
                shaped.add(id(entry));
            }
        });
        for (JsonNode entry : current.path("rate_limits")) {
            String id = id(entry);
            if (id != null && shaped.contains(id) && isGuardShaped(entry) && present.add(id)) {
                continue;
            }
            OwnedEntry own = id == null ? null : mine.get(id);
            if (own != null && own.placed() && !shaped.contains(id) && !released.containsKey(id)) {
                String text = "the guard's entry " + entry(id) + " was changed outside the guard to " + entry;
                released.put(id, release(own, text));
                drift.add(text + "; it is left as it is");
            }
            admin.add(entry);
        }
        mine.values().forEach(own -> {
            if (own.placed() && !present.contains(own.id()) && !released.containsKey(own.id())) {
                String text = "the guard's entry " + entry(own.id()) + " was removed outside the guard";
                released.put(own.id(), release(own, text));
                drift.add(text);
            }
        });
        return choose(endpoint, current, admin, present, mine, released, drift, blocked, limits);
    }

    /** The guard's rows for the endpoint, one per entry: placed before released before adding. */
    private static Map<String, OwnedEntry> mine(String endpoint, List<OwnedEntry> owned) {
        Map<String, OwnedEntry> mine = new LinkedHashMap<>();
        for (OwnedEntry entry : owned) {
            if (entry.endpoint().equals(endpoint)) {
                mine.merge(entry.id(), entry, (a, b) -> rank(a) <= rank(b) ? a : b);
            }
        }
        return mine;
    }

    private static int rank(OwnedEntry entry) {
        return entry.placed() ? 0 : entry.released() ? 1 : 2;
    }

    private static OwnedEntry release(OwnedEntry own, String text) {
        return new OwnedEntry(own.endpoint(), own.key(), own.principal(), OwnedEntry.RELEASED, text);
    }

    private static EndpointChange choose(String endpoint, ObjectNode current, List<JsonNode> admin,
                                         Set<String> present, Map<String, OwnedEntry> mine,
                                         Map<String, OwnedEntry> released, List<String> drift,
                                         List<String> blocked, Limits limits) {
        Map<String, OwnedEntry> handsOff = new TreeMap<>();
        mine.values().stream().filter(OwnedEntry::released).forEach(own -> handsOff.put(own.id(), own));
        handsOff.putAll(released);
        Set<String> personal = new TreeSet<>();
        Set<String> heldByOthers = new TreeSet<>();
        Set<String> limitedGroups = new TreeSet<>();
        for (JsonNode entry : admin) {
            String key = entry.path("key").asText();
            String principal = entry.path("principal").asText("").toLowerCase(Locale.ROOT);
            if ((USER.equals(key) || SERVICE_PRINCIPAL.equals(key)) && !principal.isEmpty()) {
                personal.add(principal);
                if (isZero(entry)) {
                    heldByOthers.add(principal);
                }
            } else if (GROUP.equals(key) && !principal.isEmpty()) {
                limitedGroups.add(entry.path("principal").asText());
            }
        }
        Map<String, String> unblockable = new LinkedHashMap<>();
        Map<String, String> leftAlone = new LinkedHashMap<>();
        List<String> toBlock = new ArrayList<>();
        for (String principal : blocked) {
            OwnedEntry off = handsOff.get(key(principal) + ":" + principal);
            if (off != null && !heldByOthers.contains(principal)) {
                leftAlone.put(principal, principal + " is not blocked by the guard on " + endpoint + ": " + off.note()
                        + ", and the guard leaves it so until the block ends");
            } else if (!heldByOthers.contains(principal)) {
                toBlock.add(principal);
            }
        }
        int room = limits.maxLimits() - admin.size();
        long adminGroups = admin.stream().filter(entry -> GROUP.equals(entry.path("key").asText())).count();
        boolean group = toBlock.size() > room && room >= 1 && adminGroups < limits.maxGroupLimits();
        Map<String, String> ownNeed = new LinkedHashMap<>();
        Set<String> groupMembers = new TreeSet<>();
        for (String principal : toBlock) {
            String why = group ? needsOwnEntry(principal, personal, limitedGroups, limits) : "";
            if (why == null) {
                groupMembers.add(principal);
            } else {
                ownNeed.put(principal, why);
            }
        }
        Set<String> wanted = new LinkedHashSet<>();
        if (group) {
            wanted.add(GROUP + ":" + limits.blockGroup());
        }
        Set<String> covered = new TreeSet<>(heldByOthers);
        covered.retainAll(blocked);
        covered.addAll(groupMembers);
        ownNeed.forEach((principal, why) -> {
            if (wanted.size() < room) {
                wanted.add(key(principal) + ":" + principal);
                covered.add(principal);
            } else {
                unblockable.put(principal, "no free rate-limit entry on " + endpoint + " to block " + principal
                        + " (the endpoint holds " + admin.size() + " other entries and takes " + limits.maxLimits()
                        + ")" + (why.isEmpty() ? "" : "; the group block does not hold them: " + why));
            }
        });
        return change(endpoint, current, admin, present, released, handsOff, drift, blocked, group, wanted,
                unblockable, leftAlone, groupMembers, covered);
    }

    /** Why the managed group's entry would not hold {@code principal} on this endpoint, or null when it would. */
    private static String needsOwnEntry(String principal, Set<String> personal, Set<String> limitedGroups,
                                        Limits limits) {
        if (Principals.isServicePrincipal(principal)) {
            return "a service principal is blocked by an entry of its own";
        }
        if (personal.contains(principal)) {
            return "an entry of their own on the endpoint beats a group's";
        }
        for (String group : limitedGroups) {
            if (limits.limitedGroupMembers().getOrDefault(group, Set.of()).contains(principal)) {
                return "they are in the group " + group + ", which has a limit here, and a member of several limited "
                        + "groups is limited only once all of them are spent";
            }
        }
        return null;
    }

    private static EndpointChange change(String endpoint, ObjectNode current, List<JsonNode> admin,
                                         Set<String> present, Map<String, OwnedEntry> released,
                                         Map<String, OwnedEntry> handsOff, List<String> drift, List<String> blocked,
                                         boolean group, Set<String> wanted, Map<String, String> unblockable,
                                         Map<String, String> leftAlone, Set<String> groupMembers,
                                         Set<String> covered) {
        ObjectNode proposed = current.deepCopy();
        if (!wanted.equals(present)) {
            ArrayNode limits = JsonNodeFactory.instance.arrayNode();
            admin.forEach(limits::add);
            wanted.forEach(id -> limits.add(entry(id)));
            if (limits.isEmpty() && !current.has("rate_limits")) {
                proposed.remove("rate_limits");
            } else {
                proposed.set("rate_limits", limits);
            }
        }
        List<OwnedEntry> claims = wanted.stream().filter(id -> !present.contains(id)).map(id -> owned(endpoint, id,
                OwnedEntry.ADDING, null)).toList();
        List<OwnedEntry> owned = new ArrayList<>();
        wanted.forEach(id -> owned.add(owned(endpoint, id, OwnedEntry.PLACED, null)));
        // A released entry is remembered while its principal is still blocked, so no fresh entry is put beside it.
        handsOff.values().stream().filter(off -> blocked.contains(off.principal())).forEach(owned::add);
        return new EndpointChange(endpoint, current, proposed, group, claims, owned, List.copyOf(released.values()),
                drift, unblockable, leftAlone, groupMembers, covered, wanted.size(), admin.size());
    }

    private static OwnedEntry owned(String endpoint, String id, String state, String note) {
        return new OwnedEntry(endpoint, id.substring(0, id.indexOf(':')), id.substring(id.indexOf(':') + 1), state,
                note);
    }

    /** The rate-limit key of a blocked principal. */
    static String key(String principal) {
        return Principals.rateLimitKey(principal);
    }

    /** {@code key:principal} of an entry with a principal, lower case for users and service principals. */
    static String id(JsonNode entry) {
        String key = entry.path("key").asText("");
        String principal = entry.path("principal").asText("");
        if (principal.isEmpty() || !(key.equals(USER) || key.equals(GROUP) || key.equals(SERVICE_PRINCIPAL))) {
            return null;
        }
        return key + ":" + (key.equals(GROUP) ? principal : principal.toLowerCase(Locale.ROOT));
    }

    /** Exactly the guard's form: a key, a principal, 0 calls, per minute, and nothing else. */
    static boolean isGuardShaped(JsonNode entry) {
        Set<String> fields = new TreeSet<>();
        entry.fieldNames().forEachRemaining(fields::add);
        return fields.equals(Set.of("key", "principal", "calls", "renewal_period"))
                && entry.path("calls").isIntegralNumber() && entry.path("calls").asLong() == 0
                && "minute".equals(entry.path("renewal_period").asText());
    }

    /** An entry of 0 calls or 0 tokens: it refuses every call of its subject. */
    private static boolean isZero(JsonNode entry) {
        return entry.path("calls").isIntegralNumber() && entry.path("calls").asLong() == 0
                || entry.path("tokens").isIntegralNumber() && entry.path("tokens").asLong() == 0;
    }

    static ObjectNode entry(String id) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("key", id.substring(0, id.indexOf(':')));
        entry.put("principal", id.substring(id.indexOf(':') + 1));
        entry.put("calls", 0);
        entry.put("renewal_period", "minute");
        return entry;
    }

    /** The guard's entries of a configuration that a later read shows: for checking a write. */
    public static Set<String> guardShapedIds(JsonNode config) {
        Set<String> ids = new TreeSet<>();
        config.path("rate_limits").forEach(entry -> {
            if (id(entry) != null && isGuardShaped(entry)) {
                ids.add(id(entry));
            }
        });
        return ids;
    }

    /** The configuration without the guard's entries {@code ids}: what someone else owns, for comparing reads. */
    public static ObjectNode withoutGuardEntries(JsonNode config, Set<String> ids) {
        ObjectNode rest = (ObjectNode) config.deepCopy();
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        Set<String> seen = new TreeSet<>();
        config.path("rate_limits").forEach(entry -> {
            String id = id(entry);
            if (id != null && ids.contains(id) && isGuardShaped(entry) && seen.add(id)) {
                return;
            }
            kept.add(entry);
        });
        if (config.has("rate_limits")) {
            rest.set("rate_limits", kept);
        }
        if (kept.isEmpty()) {
            rest.remove("rate_limits");
        }
        return rest;
    }
}
