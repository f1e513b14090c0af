package io.lakebook.guard.plan;

import io.lakebook.guard.budget.Budgets;
import io.lakebook.guard.budget.Exemption;
import io.lakebook.guard.budget.GroupBudget;
import io.lakebook.guard.budget.Price;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns usage into decisions, without I/O, so that it can be timed on its own. For each user:
 * <ul>
 * <li>spend is tokens times the price in force in each price segment of the period;</li>
 * <li>the burn rate is the spend of the burn window over the window's length, and the projection is spend plus the
 * burn rate over the run interval and the measured data lag (gateway-budgets §4.1), since the next chance to block
 * is the next run and usage rows arrive late (§1.3);</li>
 * <li>the budget is the user's own, else the largest member budget of their groups, else the default;</li>
 * <li>a user is blocked when the projection passes their budget or when their group's shared projection passes the
 * group's budget, unless exempt;</li>
 * <li>a block placed because the spend passed the budget lasts until the period ends; a block placed on a
 * projection lasts while the projection holds: once the spend is still within the budget and the projection is below
 * the budget less the unblock margin, the block is lifted. The margin keeps a user from being blocked and unblocked
 * in turns, since a blocked user's burn rate drops to nothing;</li>
 * <li>a raised budget or an exemption lifts a block at once.</li>
 * </ul>
 */
public final class Planner {
    private static final MathContext MONEY = new MathContext(18, RoundingMode.HALF_UP);
    private static final int SCALE = 6;

    private Planner() {
    }

    public static Plan plan(PlanInput input) {
        Budgets budgets = input.budgets();
        UsageWindow window = input.window();
        Instant periodEnd = budgets.periodEnd(window.periodStart());
        List<String> warnings = new ArrayList<>();
        Map<String, Figures> figures = spend(input, warnings);
        Map<String, Set<String>> groupsOf = groupsOf(input.groupMembers());
        List<GroupFigures> groups = groupFigures(input, figures);
        Set<String> overGroups = new TreeSet<>();
        Map<String, GroupFigures> byGroup = new HashMap<>();
        groups.forEach(group -> byGroup.put(group.group(), group));
        groups.stream().filter(GroupFigures::over).forEach(group -> overGroups.add(group.group()));
        TreeSet<String> users = new TreeSet<>(figures.keySet());
        users.addAll(input.blocks().keySet());
        overGroups.forEach(group -> users.addAll(input.groupMembers().getOrDefault(group, Set.of())));
        List<Decision> decisions = new ArrayList<>(users.size());
        for (String user : users) {
            Figures spent = figures.getOrDefault(user, Figures.NONE);
            decisions.add(decide(input, user, spent, groupsOf.getOrDefault(user, Set.of()), byGroup, periodEnd));
        }
        return new Plan(window.now(), window.periodStart(), periodEnd, input.lag(), input.lagMeasured(), decisions,
                groups, warnings);
    }

    /** Spend and projection of one user. */
    private record Figures(BigDecimal spent, BigDecimal projected) {
        static final Figures NONE = new Figures(BigDecimal.ZERO.setScale(SCALE), BigDecimal.ZERO.setScale(SCALE));
    }

    private static Map<String, Figures> spend(PlanInput input, List<String> warnings) {
        UsageWindow window = input.window();
        Budgets budgets = input.budgets();
        Duration ahead = budgets.interval().plus(input.lag());
        BigDecimal aheadShare = BigDecimal.valueOf(ahead.toMillis()).divide(BigDecimal.valueOf(budgets.burnWindow()
                .toMillis()), MONEY);
        int segments = window.segmentStarts().size();
        Map<PriceKey, Optional<Price>> cache = new HashMap<>();
        // Sums are kept in millionths of the currency times a million tokens, so each row costs multiplications
        // only; the division by a million is one exact decimal shift per user at the end.
        Map<String, BigDecimal[]> totals = new HashMap<>();
        Map<String, Long> unpriced = new TreeMap<>();
        for (UsageRow row : input.usage()) {
            BigDecimal spent = BigDecimal.ZERO;
            for (int i = 0; i < segments; i++) {
                long in = row.inputTokens()[i];
                long out = row.outputTokens()[i];
                if (in == 0 && out == 0) {
                    continue;
                }
                Optional<Price> price = price(cache, budgets, row, i, window.segmentStarts().get(i));
                if (price.isEmpty()) {
                    unpriced.merge(row.model() + " on " + row.endpoint(), in + out, Long::sum);
                    continue;
                }
                spent = spent.add(tokenCost(price.get(), in, out));
            }
            BigDecimal recent = price(cache, budgets, row, segments, window.now())
                    .map(p -> tokenCost(p, row.recentInputTokens(), row.recentOutputTokens())).orElse(BigDecimal.ZERO);
            BigDecimal[] total = totals.computeIfAbsent(row.user().toLowerCase(Locale.ROOT),
                    key -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            total[0] = total[0].add(spent);
            total[1] = total[1].add(recent);
        }
        unpriced.forEach((model, tokens) -> warnings.add("No price for " + model + " in the budgets file: its usage "
                + "this period (" + tokens + " tokens) is not counted. Add the model under prices."));
        Map<String, Figures> figures = new HashMap<>();
        totals.forEach((user, total) -> {
            BigDecimal spent = total[0].movePointLeft(6);
            BigDecimal projected = spent.add(total[1].movePointLeft(6).multiply(aheadShare, MONEY));
            figures.put(user, new Figures(spent.setScale(SCALE, RoundingMode.HALF_UP),
                    projected.setScale(SCALE, RoundingMode.HALF_UP)));
        });
        return figures;
    }

    /** A model on an endpoint in a price segment ({@code segments} stands for now). */
    private record PriceKey(String model, String endpoint, int segment) {
    }

    private static Optional<Price> price(Map<PriceKey, Optional<Price>> cache, Budgets budgets, UsageRow row,
                                         int segment, Instant at) {
        return cache.computeIfAbsent(new PriceKey(row.model(), row.endpoint(), segment),
                key -> budgets.prices().at(at, row.model(), row.endpoint()));
    }

    /** Tokens times the prices per million: the cost times a million. */
    private static BigDecimal tokenCost(Price price, long inputTokens, long outputTokens) {
        return price.inputPerMillion().multiply(BigDecimal.valueOf(inputTokens))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(outputTokens)));
    }

    private static Map<String, Set<String>> groupsOf(Map<String, Set<String>> members) {
        Map<String, Set<String>> groupsOf = new HashMap<>();
        members.forEach((group, users) -> users.forEach(user -> groupsOf.computeIfAbsent(user,
                key -> new TreeSet<>()).add(group)));
        return groupsOf;
    }

    private static List<GroupFigures> groupFigures(PlanInput input, Map<String, Figures> figures) {
        List<GroupFigures> groups = new ArrayList<>();
        for (GroupBudget group : new TreeMap<>(input.budgets().groups()).values()) {
            if (group.shared().isEmpty()) {
                continue;
            }
            Set<String> members = input.groupMembers().getOrDefault(group.name(), Set.of());
            BigDecimal spent = BigDecimal.ZERO.setScale(SCALE);
            BigDecimal projected = BigDecimal.ZERO.setScale(SCALE);
            for (String member : members) {
                Figures own = figures.getOrDefault(member, Figures.NONE);
                spent = spent.add(own.spent());
                projected = projected.add(own.projected());
            }
            BigDecimal shared = group.shared().get();
            groups.add(new GroupFigures(group.name(), members.size(), spent, shared, projected,
                    projected.compareTo(shared) > 0, holds(spent, projected, shared, input.budgets())));
        }
        return groups;
    }

    private static Decision decide(PlanInput input, String user, Figures figures, Set<String> groups,
                                   Map<String, GroupFigures> groupFigures, Instant periodEnd) {
        Budgets budgets = input.budgets();
        Instant now = input.window().now();
        String[] source = new String[1];
        BigDecimal budget = budget(budgets, user, groups, source);
        Optional<String> overGroup = groups.stream().filter(g -> groupFigures.containsKey(g)
                && groupFigures.get(g).over()).findFirst();
        Optional<String> holdingGroup = groups.stream().filter(g -> groupFigures.containsKey(g)
                && groupFigures.get(g).holding()).findFirst();
        boolean over = figures.projected().compareTo(budget) > 0;
        BlockState block = input.blocks().get(user);
        Optional<Exemption> exemption = budgets.exemption(user, now);
        String why = over ? "projected " + money(figures.projected()) + " by the next run is past the budget of "
                + money(budget) : overGroup.map(g -> "group " + g + " is projected past its shared budget")
                .orElse("");
        Action action;
        String reason;
        if (exemption.isPresent()) {
            String exempt = "exempt until " + date(exemption.get().until(), budgets) + " ("
                    + exemption.get().reason() + ")";
            action = block != null ? Action.UNBLOCK : over || overGroup.isPresent() ? Action.EXEMPT : Action.OK;
            reason = action == Action.OK ? "within budget" : exempt + (why.isEmpty() ? "" : "; " + why);
        } else if (block != null && now.isBefore(block.until())) {
            boolean holds = holds(figures.spent(), figures.projected(), budget, budgets) || holdingGroup.isPresent();
            boolean raised = budget.compareTo(block.budget()) > 0 && !over && overGroup.isEmpty();
            action = raised || !holds ? Action.UNBLOCK : Action.STAY_BLOCKED;
            reason = raised ? "budget raised to " + money(budget) + ", above the spend of " + money(figures.spent())
                    : holds ? block.reason() : "the spend of " + money(figures.spent()) + " stayed within the budget "
                    + "of " + money(budget) + " and the projection fell back to " + money(figures.projected())
                    + ", below " + money(budget.multiply(BigDecimal.ONE.subtract(budgets.unblockMargin())));
        } else if (block != null) {
            action = over || overGroup.isPresent() ? Action.STAY_BLOCKED : Action.UNBLOCK;
            reason = action == Action.UNBLOCK ? "a new period started at " + date(input.window().periodStart(), budgets)
                    : why;
        } else if (over || overGroup.isPresent()) {
            action = Action.BLOCK;
            reason = why;
        } else if (figures.spent().compareTo(budget.multiply(budgets.softWarning())) >= 0
                && !input.warned().contains(user)) {
            action = Action.WARN;
            reason = "spent " + money(figures.spent()) + ", past " + budgets.softWarning().movePointRight(2)
                    .stripTrailingZeros().toPlainString() + "% of the budget of " + money(budget);
        } else {
            action = Action.OK;
            reason = "within budget";
        }
        Optional<Instant> until = action.blocked() ? Optional.of(action == Action.STAY_BLOCKED && block != null
                && now.isBefore(block.until()) ? block.until() : periodEnd) : Optional.empty();
        return new Decision(user, figures.spent(), budget, source[0], figures.projected(), action, reason, until);
    }

    /**
     * Whether a block stays: the spend passed the budget (it lasts the period), or the projection is still at or
     * above the budget less the unblock margin.
     */
    private static boolean holds(BigDecimal spent, BigDecimal projected, BigDecimal budget, Budgets budgets) {
        BigDecimal floor = budget.multiply(BigDecimal.ONE.subtract(budgets.unblockMargin()));
        return spent.compareTo(budget) > 0 || projected.compareTo(floor) >= 0;
    }

    private static BigDecimal budget(Budgets budgets, String user, Set<String> groups, String[] source) {
        BigDecimal own = budgets.users().get(user);
        if (own != null) {
            source[0] = "user";
            return own;
        }
        BigDecimal best = null;
        for (String group : groups) {
            GroupBudget budget = budgets.groups().get(group);
            if (budget != null && budget.memberBudget().isPresent()
                    && (best == null || budget.memberBudget().get().compareTo(best) > 0)) {
                best = budget.memberBudget().get();
                source[0] = "group " + group;
            }
        }
        if (best != null) {
            return best;
        }
        source[0] = "default";
        return budgets.defaultBudget();
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String date(Instant instant, Budgets budgets) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(instant.atZone(budgets.zone())) + " "
                + budgets.zone().getId();
    }
}
