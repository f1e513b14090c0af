package io.lakebook.guard.budget;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a budgets file (YAML, kept under version control). Everything is checked before the guard acts on it: an
 * unknown key, a missing one, a wrong value or a YAML syntax error is refused with the line and the reason, and
 * nothing is done. The sample {@code guard/budgets.sample.yaml} shows every key.
 */
public final class BudgetFile {
    private static final Set<String> TOP = Set.of("currency", "period", "time_zone", "week_starts", "interval",
            "burn_window", "max_lag", "default_lag", "soft_warning", "unblock_margin", "endpoints", "default_budget",
            "users", "groups", "prices",
            "exemptions", "notify", "state", "gateway");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(\\.\\d+)?)\\s*%");
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern GROUP_NAME = Pattern.compile("[^\\s\"'\\\\][^\"'\\\\]*");

    private BudgetFile() {
    }

    public static Budgets read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new BudgetFileException(file.toString(), 0, "cannot be read (" + e.getMessage() + "). Check the "
                    + "path given with --budgets.");
        }
    }

    /** Parses budgets from {@code yaml}; {@code name} names the file in messages. */
    public static Budgets parse(String yaml, String name) {
        YamlValue top = new YamlValue(compose(new StringReader(yaml), name), "", name);
        Map<String, YamlValue> root = top.map(TOP);
        ZoneId zone = zone(required(root, "time_zone", top));
        Period period = period(required(root, "period", top));
        DayOfWeek weekStart = YamlValue.optional(root, "week_starts").map(BudgetFile::day).orElse(DayOfWeek.MONDAY);
        Map<String, YamlValue> state = YamlValue.optional(root, "state").map(v -> v.map(Set.of("schema")))
                .orElse(Map.of());
        Map<String, YamlValue> gateway = YamlValue.optional(root, "gateway").map(v -> v.map(Set.of("block_group",
                "max_rate_limits", "max_group_rate_limits"))).orElse(Map.of());
        Map<String, Integer> endpointLines = new LinkedHashMap<>();
        List<String> endpoints = endpoints(required(root, "endpoints", top), endpointLines);
        Map<String, Integer> groupLines = new LinkedHashMap<>();
        return new Budgets(YamlValue.optional(root, "currency").map(YamlValue::text).orElse("USD"), period, zone,
                weekStart, duration(root, "interval", "15m", top), duration(root, "burn_window", "1h", top),
                duration(root, "max_lag", "1h", top), duration(root, "default_lag", "15m", top), softWarning(root),
                share(root, "unblock_margin", "10%", false), endpoints,
                required(root, "default_budget", top).amount(), users(root), groups(root, groupLines),
                prices(required(root, "prices", top), zone), exemptions(root, zone), webhook(root), schema(state),
                blockGroup(gateway), limit(gateway, "max_rate_limits", 20), limit(gateway, "max_group_rate_limits", 5),
                new FileLines(name, endpointLines, groupLines));
    }

    private static Node compose(Reader reader, String name) {
        try {
            return new Compose(LoadSettings.builder().setLabel(name).build()).composeReader(reader)
                    .orElseThrow(() -> new BudgetFileException(name, 0, "is empty. Start from "
                            + "guard/budgets.sample.yaml."));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(0);
            String context = Optional.ofNullable(e.getContext()).map(c -> " (" + c + e.getContextMark()
                    .map(mark -> " that starts on line " + (mark.getLine() + 1)).orElse("") + ")").orElse("");
            throw new BudgetFileException(name, line, "is not valid YAML: " + e.getProblem() + context);
        } catch (YamlEngineException e) {
            throw new BudgetFileException(name, 0, "is not valid YAML: " + e.getMessage());
        }
    }

    private static YamlValue required(Map<String, YamlValue> map, String key, YamlValue parent) {
        YamlValue value = map.get(key);
        if (value == null) {
            String where = parent.path().isEmpty() ? "the file" : parent.path();
            throw new BudgetFileException(parent.file(), parent.line(), where + " needs '" + key + "'");
        }
        return value;
    }

    private static ZoneId zone(YamlValue value) {
        try {
            return ZoneId.of(value.text());
        } catch (DateTimeException e) {
            throw value.error("must be a time zone such as Europe/Berlin or Pacific/Kiritimati, got '" + value.text()
                    + "'");
        }
    }

    private static Period period(YamlValue value) {
        try {
            return Period.valueOf(value.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw value.error("must be daily, weekly or monthly, got '" + value.text() + "'");
        }
    }

    private static DayOfWeek day(YamlValue value) {
        try {
            return DayOfWeek.valueOf(value.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw value.error("must be a day of the week such as monday, got '" + value.text() + "'");
        }
    }

    private static Duration duration(Map<String, YamlValue> root, String key, String fallback, YamlValue top) {
        YamlValue value = root.get(key);
        String text = value == null ? fallback : value.text();
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw (value == null ? top : value).error("must be a duration such as 15m, 1h or 1d, got '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static BigDecimal softWarning(Map<String, YamlValue> root) {
        return share(root, "soft_warning", "80%", true);
    }

    /** A share such as 80% or 0.8: above 0 and at most 1 ({@code upToOne}), or from 0 to below 1. */
    private static BigDecimal share(Map<String, YamlValue> root, String key, String fallback, boolean upToOne) {
        YamlValue value = root.get(key);
        String text = value == null ? fallback : value.text();
        Matcher percent = PERCENT.matcher(text);
        BigDecimal share = percent.matches() ? new BigDecimal(percent.group(1)).movePointLeft(2)
                : text.matches("0?\\.\\d+|[01](\\.0+)?") ? new BigDecimal(text) : null;
        boolean fits = share != null && (upToOne ? share.signum() > 0 && share.compareTo(BigDecimal.ONE) <= 0
                : share.signum() >= 0 && share.compareTo(BigDecimal.ONE) < 0);
        if (!fits) {
            throw value.error("must be a share of the budget such as " + fallback + " or 0."
                    + fallback.substring(0, 1) + (upToOne ? "" : ", below 100%") + ", got '" + text + "'");
        }
        return share;
    }

    private static List<String> endpoints(YamlValue value, Map<String, Integer> lines) {
        List<String> names = new ArrayList<>();
        for (YamlValue item : value.list()) {
            if (names.contains(item.text())) {
                throw item.error("names endpoint '" + item.text() + "' a second time");
            }
            names.add(item.text());
            lines.put(item.text(), item.line());
        }
        if (names.isEmpty()) {
            throw value.error("must name at least one serving endpoint");
        }
        return names;
    }

    private static Map<String, BigDecimal> users(Map<String, YamlValue> root) {
        Map<String, BigDecimal> users = new LinkedHashMap<>();
        YamlValue.optional(root, "users").ifPresent(value -> value.map(null).forEach((user, amount) -> {
            users.put(principal(user, amount), amount.amount());
        }));
        return users;
    }

    private static Map<String, GroupBudget> groups(Map<String, YamlValue> root, Map<String, Integer> lines) {
        Map<String, GroupBudget> groups = new LinkedHashMap<>();
        YamlValue.optional(root, "groups").ifPresent(value -> value.map(null).forEach((name, group) -> {
            if (!GROUP_NAME.matcher(name).matches()) {
                throw group.error("is not a usable group name (no quotes or backslashes)");
            }
            Map<String, YamlValue> fields = group.map(Set.of("budget", "member_budget"));
            if (fields.isEmpty()) {
                throw group.error("needs budget (what the members may spend together), member_budget (each "
                        + "member's own budget) or both");
            }
            lines.put(name, group.line());
            groups.put(name, new GroupBudget(name, YamlValue.optional(fields, "budget").map(YamlValue::amount),
                    YamlValue.optional(fields, "member_budget").map(YamlValue::amount)));
        }));
        return groups;
    }

    private static PriceTable prices(YamlValue value, ZoneId zone) {
        Map<String, List<Price>> table = new LinkedHashMap<>();
        value.map(null).forEach((model, versions) -> {
            List<Price> prices = new ArrayList<>();
            for (YamlValue version : versions.list()) {
                Map<String, YamlValue> fields = version.map(Set.of("valid_from", "input_per_million",
                        "output_per_million"));
                Instant from = instant(required(fields, "valid_from", version), zone);
                if (prices.stream().anyMatch(p -> p.validFrom().equals(from))) {
                    throw version.error("has the same valid_from as another price of " + model);
                }
                prices.add(new Price(model, from, required(fields, "input_per_million", version).amount(),
                        required(fields, "output_per_million", version).amount(), version.line()));
            }
            if (prices.isEmpty()) {
                throw versions.error("needs at least one price (valid_from, input_per_million, output_per_million)");
            }
            table.put(model, prices);
        });
        return new PriceTable(table);
    }

    private static List<Exemption> exemptions(Map<String, YamlValue> root, ZoneId zone) {
        List<Exemption> exemptions = new ArrayList<>();
        YamlValue.optional(root, "exemptions").ifPresent(value -> value.list().forEach(item -> {
            Map<String, YamlValue> fields = item.map(Set.of("user", "until", "reason"));
            YamlValue user = required(fields, "user", item);
            YamlValue until = required(fields, "until", item);
            exemptions.add(new Exemption(principal(user.text(), user), endOfDay(until, zone),
                    YamlValue.optional(fields, "reason").map(YamlValue::text).orElse("exempt")));
        }));
        return exemptions;
    }

    private static Optional<String> webhook(Map<String, YamlValue> root) {
        Optional<Map<String, YamlValue>> notify = YamlValue.optional(root, "notify")
                .map(value -> value.map(Set.of("webhook", "email")));
        notify.map(fields -> fields.get("email")).ifPresent(email -> {
            throw email.error("is not available: a Databricks workspace has no API that sends an e-mail on "
                    + "request. Post to a webhook (notify.webhook), for example one that relays to e-mail.");
        });
        Optional<YamlValue> webhook = notify.map(fields -> fields.get("webhook"));
        webhook.ifPresent(value -> {
            if (!value.text().matches("https?://\\S+")) {
                throw value.error("must be an http:// or https:// URL, got '" + value.text() + "'");
            }
        });
        return webhook.map(YamlValue::text);
    }

    private static String schema(Map<String, YamlValue> state) {
        YamlValue value = state.get("schema");
        if (value == null) {
            return "main.lakebook_guard";
        }
        if (!SCHEMA.matcher(value.text()).matches()) {
            throw value.error("must be catalog.schema (letters, digits, _), got '" + value.text() + "'");
        }
        return value.text();
    }

    private static String blockGroup(Map<String, YamlValue> gateway) {
        YamlValue value = gateway.get("block_group");
        if (value != null && !GROUP_NAME.matcher(value.text()).matches()) {
            throw value.error("is not a usable group name (no quotes or backslashes)");
        }
        return value == null ? "lakebook-guard-blocked" : value.text();
    }

    private static int limit(Map<String, YamlValue> gateway, String key, int fallback) {
        YamlValue value = gateway.get(key);
        int count = value == null ? fallback : value.count();
        if (count < 1) {
            throw value.error("must be at least 1");
        }
        return count;
    }

    /** A user's e-mail address, or a service principal's application id (gateway-budgets §1.6), lower case. */
    private static String principal(String text, YamlValue where) {
        if (!text.matches("[^@\\s'\"\\\\]+@[^@\\s'\"\\\\]+") && !Principals.isServicePrincipal(text)) {
            throw where.error("must be a user's e-mail address or a service principal's application id (such as "
                    + "6f3c2a1e-0b7d-4c5e-9a3f-11d2c4b5a601), got '" + text + "'");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** A date (midnight in the budget's zone) or an ISO instant with its offset. */
    private static Instant instant(YamlValue value, ZoneId zone) {
        String text = value.text();
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(zone).toInstant()
                    : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw value.error("must be a date such as 2026-01-31 or a time such as 2026-01-31T09:00:00Z, got '"
                    + text + "'");
        }
    }

    /** The end of the day named (exemptions last through it), or an exact ISO instant. */
    private static Instant endOfDay(YamlValue value, ZoneId zone) {
        Instant start = instant(value, zone);
        return value.text().length() == 10 ? LocalDate.parse(value.text()).plusDays(1).atStartOfDay(zone).toInstant()
                : start;
    }
}
