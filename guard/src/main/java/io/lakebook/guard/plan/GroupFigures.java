package io.lakebook.guard.plan;

import java.math.BigDecimal;

/** A group's shared budget and what its members spent together. */
public record GroupFigures(String group, int members, BigDecimal spent, BigDecimal budget, BigDecimal projected,
                           boolean over) {
}
