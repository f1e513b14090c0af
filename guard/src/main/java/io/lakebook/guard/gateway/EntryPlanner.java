package io.lakebook.guard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakebook.guard.workspace.OwnedEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Works out one endpoint's new rate limits without I/O. Only the guard's own entries change: each blocked user gets
 * {@code {key: user, principal: EMAIL, calls: 0, renewal_period: minute}} (a limit of 0 calls, the blocking form
 * in use, gateway-budgets §0.4); every other entry, and every other part of the configuration (usage tracking,
 * inference tables, guardrails, fallbacks), is kept as it was read. An owned entry that is gone, or that no longer
 * has the guard's form, was changed by someone else: it is reported and no longer owned.
 *
 * <p>When the endpoint's entry cap (gateway-budgets §0.3) leaves no room for one entry per blocked user, the blocked
 * users go into the managed group and one {@code user_group} entry blocks them all (§4.1). A user-specific limit
 * beats a group limit (§1.6), so a blocked user who has an admin's own entry still gets a user entry of the guard.
 */
public final class EntryPlanner {
    static final String USER = "user";
    static final String GROUP = "user_group";

    private EntryPlanner() {
    }

    public static EndpointChange plan(String endpoint, ObjectNode current, List<OwnedEntry> owned,
                                      List<String> blocked, String blockGroup, int maxLimits, int maxGroupLimits) {
        Map<String, OwnedEntry> mine = owned.stream().filter(entry -> entry.endpoint().equals(endpoint))
                .collect(Collectors.toMap(entry -> entry.key() + ":" + entry.principal(), Function.identity(),
                        (a, b) -> a.placed() ? a : b));
        List<JsonNode> admin = new ArrayList<>();
        Set<String> present = new TreeSet<>();
        Set<String> released = new TreeSet<>();
        List<String> drift = new ArrayList<>();
        Set<String> shaped = new TreeSet<>();
        current.path("rate_limits").forEach(entry -> {
            if (isGuardShaped(entry) && mine.containsKey(id(entry))) {
                shaped.add(id(entry));
            }
        });
        for (JsonNode entry : current.path("rate_limits")) {
            String id = id(entry);
            if (id != null && shaped.contains(id) && isGuardShaped(entry) && present.add(id)) {
                continue;
            }
            if (id != null && mine.containsKey(id) && !shaped.contains(id) && released.add(id)) {
                drift.add("the entry for " + id + " was changed outside the guard (now " + entry + "); it is "
                        + "left as it is and no longer the guard's");
            }
            admin.add(entry);
        }
        mine.forEach((id, own) -> {
            if (own.placed() && !present.contains(id) && !released.contains(id)) {
                released.add(id);
                drift.add("the guard's entry for " + id + " was removed outside the guard");
            }
        });
        return choose(endpoint, current, admin, present, released, drift, blocked, blockGroup, maxLimits,
                maxGroupLimits);
    }

    private static EndpointChange choose(String endpoint, ObjectNode current, List<JsonNode> admin,
                                         Set<String> present, Set<String> released, List<String> drift,
                                         List<String> blocked, String blockGroup, int maxLimits,
                                         int maxGroupLimits) {
        Set<String> adminUsers = admin.stream().filter(entry -> USER.equals(entry.path("key").asText()))
                .map(entry -> entry.path("principal").asText("").toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        long adminGroups = admin.stream().filter(entry -> GROUP.equals(entry.path("key").asText())).count();
        // A user someone else already holds at 0 calls is blocked without an entry of the guard's.
        Set<String> blockedByOthers = admin.stream().filter(entry -> USER.equals(entry.path("key").asText())
                && entry.path("calls").isIntegralNumber() && entry.path("calls").asLong() == 0)
                .map(entry -> entry.path("principal").asText("").toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        blocked = blocked.stream().filter(user -> !blockedByOthers.contains(user)).toList();
        int room = maxLimits - admin.size();
        Set<String> wanted = new LinkedHashSet<>();
        List<String> unblockable = new ArrayList<>();
        boolean group = blocked.size() > room && room >= 1 && adminGroups < maxGroupLimits;
        List<String> users = group ? blocked.stream().filter(adminUsers::contains).toList() : blocked;
        if (group) {
            wanted.add(GROUP + ":" + blockGroup);
        }
        for (String user : users) {
            if (wanted.size() < room) {
                wanted.add(USER + ":" + user);
            } else {
                unblockable.add(user);
            }
        }
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
        List<OwnedEntry> claims = wanted.stream().filter(id -> !present.contains(id)).map(id -> new OwnedEntry(
                endpoint, id.substring(0, id.indexOf(':')), id.substring(id.indexOf(':') + 1), false)).toList();
        return new EndpointChange(endpoint, current, proposed, group, claims, wanted, released, drift, unblockable,
                wanted.size(), admin.size());
    }

    /** {@code key:principal} of an entry with a principal, lower case for users; null otherwise. */
    static String id(JsonNode entry) {
        String key = entry.path("key").asText("");
        String principal = entry.path("principal").asText("");
        if (principal.isEmpty() || !(key.equals(USER) || key.equals(GROUP))) {
            return null;
        }
        return key + ":" + (key.equals(USER) ? principal.toLowerCase(Locale.ROOT) : principal);
    }

    /** Exactly the guard's form: a key, a principal, 0 calls, per minute, and nothing else. */
    static boolean isGuardShaped(JsonNode entry) {
        Set<String> fields = new TreeSet<>();
        entry.fieldNames().forEachRemaining(fields::add);
        return fields.equals(Set.of("key", "principal", "calls", "renewal_period"))
                && entry.path("calls").isIntegralNumber() && entry.path("calls").asLong() == 0
                && "minute".equals(entry.path("renewal_period").asText());
    }

    static ObjectNode entry(String id) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("key", id.substring(0, id.indexOf(':')));
        entry.put("principal", id.substring(id.indexOf(':') + 1));
        entry.put("calls", 0);
        entry.put("renewal_period", "minute");
        return entry;
    }
}
