package io.lakebook.guard.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * How long a budget lasts. Periods are calendar-aligned in the budget's own time zone, as LiteLLM does
 * (gateway-budgets §2.1): a day starts at midnight, a week on its first day, a month on the 1st. The time zone is
 * always named, never the server's (the trap gateway-budgets §2.7 finds in another Databricks budget tool).
 */
public enum Period {
    DAILY, WEEKLY, MONTHLY;

    /** The start of the period that holds {@code now}. */
    public Instant start(Instant now, ZoneId zone, DayOfWeek weekStart) {
        LocalDate day = now.atZone(zone).toLocalDate();
        LocalDate first = switch (this) {
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(weekStart));
            case MONTHLY -> day.withDayOfMonth(1);
        };
        return first.atStartOfDay(zone).toInstant();
    }

    /** The end of the period that starts at {@code start}: the next period's start. */
    public Instant end(Instant start, ZoneId zone) {
        ZonedDateTime from = start.atZone(zone);
        ZonedDateTime to = switch (this) {
            case DAILY -> from.toLocalDate().plusDays(1).atStartOfDay(zone);
            case WEEKLY -> from.toLocalDate().plusWeeks(1).atStartOfDay(zone);
            case MONTHLY -> from.toLocalDate().plusMonths(1).atStartOfDay(zone);
        };
        return to.toInstant();
    }
}
