package dev.finops.budget;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * One period of a budget: local dates {@code [firstDay, endDay)} in the budget's zone and the instants they
 * start and end at. Computed from any instant inside it, so a new period needs no job at midnight.
 */
public record BudgetPeriod(LocalDate firstDay, LocalDate endDay, Instant start, Instant end) {

    public static BudgetPeriod containing(PeriodKind kind, ZoneId zone, Instant instant) {
        LocalDate day = instant.atZone(zone).toLocalDate();
        LocalDate first = switch (kind) {
            case daily -> day;
            case weekly -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case monthly -> day.withDayOfMonth(1);
        };
        LocalDate end = switch (kind) {
            case daily -> first.plusDays(1);
            case weekly -> first.plusWeeks(1);
            case monthly -> first.plusMonths(1);
        };
        // atStartOfDay resolves a midnight lost to a DST gap to the first valid instant of the day.
        return new BudgetPeriod(first, end, first.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** Whole seconds until the period ends, at least 1: the Retry-After of a refused call. */
    public long secondsUntilEnd(Instant now) {
        long millis = Duration.between(now, end).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
