package io.lakebook.emulator.inference;

import io.lakebook.emulator.serving.GatewayConfig.RateLimit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enforces an endpoint's AI Gateway rate limits (gateway-budgets §1.6, documented for AI Gateway endpoints) in fixed
 * one-minute windows of the workspace clock, since {@code minute} is the only renewal period (reference §9.3):
 * <ul>
 * <li>an {@code endpoint} limit is a ceiling over everyone together;</li>
 * <li>a {@code user} (or {@code service_principal}) limit naming the caller beats any group limit;</li>
 * <li>otherwise the limits of the caller's groups apply, each group's counter shared by its members, and a member of
 * several limited groups is refused only once all of them are spent;</li>
 * <li>otherwise a {@code user} limit without a principal applies to each user on their own;</li>
 * <li>with both a call and a token limit for the same subject the stricter wins: either spent refuses.</li>
 * </ul>
 * A limit of 0 calls or tokens refuses every call. Thread-safe.
 */
final class RateLimiter {
    private final Clock clock;
    private final Map<String, long[]> counters = new HashMap<>();
    private long window = Long.MIN_VALUE;

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** The limits that decided, and whether the call may go ahead. */
    record Verdict(boolean allowed, List<Counted> counted, boolean zeroLimit) {
    }

    /** A limit and the counter it is kept in. */
    record Counted(String counter, RateLimit limit) {
    }

    /** Decides a call of {@code caller} on {@code endpoint}; an allowed call is counted at once. */
    synchronized Verdict admit(String endpoint, String caller, Set<String> callerGroups, List<RateLimit> limits) {
        roll();
        List<Counted> applied = new ArrayList<>();
        limits.stream().filter(limit -> limit.key().equals("endpoint"))
                .forEach(limit -> applied.add(new Counted(endpoint + " endpoint", limit)));
        List<Counted> personal = limits.stream().filter(limit -> names(limit, caller))
                .map(limit -> new Counted(endpoint + " user " + caller.toLowerCase(), limit)).toList();
        List<Counted> groups = limits.stream().filter(limit -> limit.key().equals("user_group")
                && callerGroups.contains(limit.principal()))
                .map(limit -> new Counted(endpoint + " group " + limit.principal(), limit)).toList();
        List<Counted> byDefault = limits.stream().filter(limit -> limit.key().equals("user") && blank(limit))
                .map(limit -> new Counted(endpoint + " user " + caller.toLowerCase(), limit)).toList();
        boolean allowed = applied.stream().noneMatch(this::spent);
        if (!personal.isEmpty()) {
            applied.addAll(personal);
            allowed &= personal.stream().noneMatch(this::spent);
        } else if (!groups.isEmpty()) {
            applied.addAll(groups);
            allowed &= !allGroupsSpent(groups);
        } else {
            applied.addAll(byDefault);
            allowed &= byDefault.stream().noneMatch(this::spent);
        }
        boolean zero = applied.stream().anyMatch(counted -> isZero(counted.limit()));
        if (allowed) {
            applied.stream().map(Counted::counter).distinct().forEach(key -> counters.computeIfAbsent(key,
                    k -> new long[2])[0]++);
        }
        return new Verdict(allowed, applied, zero && !allowed);
    }

    /** Adds the tokens an allowed call used to the counters it was counted in. */
    synchronized void addTokens(Verdict verdict, long tokens) {
        roll();
        verdict.counted().stream().map(Counted::counter).distinct().forEach(key -> counters.computeIfAbsent(key,
                k -> new long[2])[1] += tokens);
    }

    /** A group is spent when any of its limits is; the caller is refused only when every group is spent. */
    private boolean allGroupsSpent(List<Counted> groups) {
        Map<String, Boolean> spentByGroup = new HashMap<>();
        groups.forEach(counted -> spentByGroup.merge(counted.counter(), spent(counted), Boolean::logicalOr));
        return spentByGroup.values().stream().allMatch(Boolean::booleanValue);
    }

    private boolean spent(Counted counted) {
        long[] used = counter(counted);
        RateLimit limit = counted.limit();
        return limit.calls() != null && used[0] >= limit.calls() || limit.tokens() != null && used[1] >= limit.tokens();
    }

    /** The calls and tokens a subject used in this minute; entries for the same subject share it. */
    private long[] counter(Counted counted) {
        return counters.computeIfAbsent(counted.counter(), key -> new long[2]);
    }

    /** A new minute starts every counter at zero. */
    private void roll() {
        long minute = Math.floorDiv(clock.millis(), 60_000L);
        if (minute != window) {
            counters.clear();
            window = minute;
        }
    }

    private static boolean names(RateLimit limit, String caller) {
        return (limit.key().equals("user") || limit.key().equals("service_principal")) && !blank(limit)
                && limit.principal().equalsIgnoreCase(caller);
    }

    private static boolean blank(RateLimit limit) {
        return limit.principal() == null || limit.principal().isBlank();
    }

    private static boolean isZero(RateLimit limit) {
        return limit.calls() != null && limit.calls() == 0 || limit.tokens() != null && limit.tokens() == 0;
    }
}
