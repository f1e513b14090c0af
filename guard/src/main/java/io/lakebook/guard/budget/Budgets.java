package io.lakebook.guard.budget;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A budgets file, read and checked ({@link BudgetFile}).
 *
 * @param currency         the unit of every amount and price, for display only
 * @param period           how long a budget lasts
 * @param zone             where the period's midnight is
 * @param weekStart        the first day of a weekly period
 * @param interval         how often the guard runs; with the measured data lag, how far ahead it projects spend
 * @param burnWindow       how far back the burn rate is measured
 * @param maxLag           the longest data lag a projection assumes, however old the newest usage row is
 * @param defaultLag       the data lag assumed when no usage row of the last interval shows it
 * @param softWarning      the share of the budget at which a user is warned, above 0 and at most 1
 * @param unblockMargin    a block placed on a projection is lifted within the period once the projection is below
 *                         the budget less this share of it (and the spend never passed the budget)
 * @param endpoints        the serving endpoints the guard governs
 * @param defaultBudget    each user's budget unless a user or group entry says otherwise
 * @param users            budgets of named users (lower-case e-mail)
 * @param groups           group budgets, by group name
 * @param prices           the price table
 * @param exemptions       users never blocked, each until a date
 * @param webhook          where notifications are posted, if anywhere
 * @param stateSchema      {@code catalog.schema} of the guard's own tables
 * @param blockGroup       the group the guard manages when an endpoint has no room for one entry per blocked user
 * @param maxRateLimits    rate-limit entries an endpoint takes at most (gateway-budgets §0.3 documents 20)
 * @param maxGroupLimits   of which group entries at most (documented 5)
 * @param lines            where the file names each endpoint and group, for messages found only at run time
 */
public record Budgets(String currency, Period period, ZoneId zone, DayOfWeek weekStart, Duration interval,
                      Duration burnWindow, Duration maxLag, Duration defaultLag, BigDecimal softWarning,
                      BigDecimal unblockMargin, List<String> endpoints,
                      BigDecimal defaultBudget, Map<String, BigDecimal> users, Map<String, GroupBudget> groups,
                      PriceTable prices, List<Exemption> exemptions, Optional<String> webhook, String stateSchema,
                      String blockGroup, int maxRateLimits, int maxGroupLimits, FileLines lines) {

    public Budgets {
        endpoints = List.copyOf(endpoints);
        users = Map.copyOf(users);
        groups = Map.copyOf(groups);
        exemptions = List.copyOf(exemptions);
    }

    /** The start of the period that holds {@code now}. */
    public Instant periodStart(Instant now) {
        return period.start(now, zone, weekStart);
    }

    public Instant periodEnd(Instant start) {
        return period.end(start, zone);
    }

    /** The exemption of {@code user} in force at {@code now}. */
    public Optional<Exemption> exemption(String user, Instant now) {
        String key = user.toLowerCase(Locale.ROOT);
        return exemptions.stream().filter(e -> e.user().equals(key) && e.activeAt(now)).findFirst();
    }
}
