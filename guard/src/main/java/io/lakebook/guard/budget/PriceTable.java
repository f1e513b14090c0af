package io.lakebook.guard.budget;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The versioned price table: for each model the prices it had, each from a date on (gateway-budgets §1.5 recommends
 * a table admins maintain, since Databricks publishes none the guard can read). A model is the serving endpoint's
 * name or the name of the model it serves ({@code served_entities.entity_name}); the endpoint name is the practical
 * key for pay-per-token endpoints (gateway-budgets §1.2).
 */
public final class PriceTable {
    private final Map<String, List<Price>> byModel;

    public PriceTable(Map<String, List<Price>> byModel) {
        Map<String, List<Price>> sorted = new java.util.LinkedHashMap<>();
        byModel.forEach((model, prices) -> sorted.put(model, prices.stream()
                .sorted(Comparator.comparing(Price::validFrom)).toList()));
        this.byModel = Map.copyOf(sorted);
    }

    /** The price of the first of {@code models} that has one at {@code at}. */
    public Optional<Price> at(Instant at, String... models) {
        for (String model : models) {
            List<Price> prices = model == null ? null : byModel.get(model);
            if (prices == null) {
                continue;
            }
            Price found = null;
            for (Price price : prices) {
                if (!price.validFrom().isAfter(at)) {
                    found = price;
                }
            }
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** The instants inside {@code (from, to)} at which some price changes, in order. */
    public List<Instant> changesBetween(Instant from, Instant to) {
        TreeSet<Instant> changes = new TreeSet<>();
        byModel.values().forEach(prices -> prices.forEach(price -> {
            if (price.validFrom().isAfter(from) && price.validFrom().isBefore(to)) {
                changes.add(price.validFrom());
            }
        }));
        return new ArrayList<>(changes);
    }

    public Map<String, List<Price>> models() {
        return byModel;
    }
}
