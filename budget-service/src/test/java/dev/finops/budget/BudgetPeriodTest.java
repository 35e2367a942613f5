package dev.finops.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Period boundaries in the budget's zone: DST days, ISO weeks, month and year ends. */
class BudgetPeriodTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void theSpringForwardDayIs23HoursAndTheFallBackDay25() {
        BudgetPeriod spring = BudgetPeriod.containing(PeriodKind.daily, NEW_YORK, Instant.parse("2026-03-08T12:00:00Z"));
        assertEquals(Instant.parse("2026-03-08T05:00:00Z"), spring.start());
        assertEquals(Instant.parse("2026-03-09T04:00:00Z"), spring.end());
        assertEquals(Duration.ofHours(23), spring.length());

        BudgetPeriod fall = BudgetPeriod.containing(PeriodKind.daily, NEW_YORK, Instant.parse("2026-11-01T12:00:00Z"));
        assertEquals(Duration.ofHours(25), fall.length());
    }

    @Test
    void anInstantJustBeforeLocalMidnightBelongsToThatLocalDay() {
        // 22:59:59 UTC on 31 Mar is 00:59:59 on 1 Apr in Berlin (CEST): April already
        Instant t = Instant.parse("2026-03-31T22:59:59Z");
        BudgetPeriod month = BudgetPeriod.containing(PeriodKind.monthly, BERLIN, t);
        assertEquals(LocalDate.of(2026, 4, 1), month.firstDay());
        assertEquals(Instant.parse("2026-03-31T22:00:00Z"), month.start());
        assertEquals(Instant.parse("2026-04-30T22:00:00Z"), month.end());
        // in UTC the same instant is still March
        assertEquals(LocalDate.of(2026, 3, 1), BudgetPeriod.containing(PeriodKind.monthly, ZoneId.of("UTC"), t).firstDay());
    }

    @Test
    void monthsEndOnTheirLastDayIncludingFebruaryOfALeapYear() {
        BudgetPeriod feb = BudgetPeriod.containing(PeriodKind.monthly, ZoneId.of("UTC"), Instant.parse("2028-02-29T23:59:59Z"));
        assertEquals(LocalDate.of(2028, 2, 1), feb.firstDay());
        assertEquals(LocalDate.of(2028, 3, 1), feb.endDay());
        // the March in Berlin that contains the switch to summer time is one hour short of 31 days
        BudgetPeriod march = BudgetPeriod.containing(PeriodKind.monthly, BERLIN, Instant.parse("2026-03-15T00:00:00Z"));
        assertEquals(Duration.ofDays(31).minusHours(1), march.length());
    }

    @Test
    void weeksAreIsoWeeksStartingMondayAcrossAYearEnd() {
        // Thursday 1 Jan 2026 is in ISO week 1, which starts Monday 29 Dec 2025
        BudgetPeriod week = BudgetPeriod.containing(PeriodKind.weekly, ZoneId.of("UTC"), Instant.parse("2026-01-01T10:00:00Z"));
        assertEquals(LocalDate.of(2025, 12, 29), week.firstDay());
        assertEquals(LocalDate.of(2026, 1, 5), week.endDay());
        // Sunday 23:30 in Tokyo is Sunday 14:30 UTC: still the week that began on Monday the 16th
        BudgetPeriod tokyo = BudgetPeriod.containing(PeriodKind.weekly, ZoneId.of("Asia/Tokyo"),
                Instant.parse("2026-11-22T14:30:00Z"));
        assertEquals(LocalDate.of(2026, 11, 16), tokyo.firstDay());
        // Monday 00:30 in Tokyo: a new week
        assertEquals(LocalDate.of(2026, 11, 23), BudgetPeriod.containing(PeriodKind.weekly, ZoneId.of("Asia/Tokyo"),
                Instant.parse("2026-11-22T15:30:00Z")).firstDay());
    }

    @Test
    void aDayWhoseMidnightFallsInADstGapStartsAtTheFirstValidInstant() {
        // Santiago skips 00:00-01:00 on the first Sunday of September
        ZoneId santiago = ZoneId.of("America/Santiago");
        BudgetPeriod day = BudgetPeriod.containing(PeriodKind.daily, santiago, Instant.parse("2026-09-06T15:00:00Z"));
        assertEquals(LocalDate.of(2026, 9, 6), day.firstDay());
        assertEquals(Instant.parse("2026-09-06T04:00:00Z"), day.start());
        assertEquals(Duration.ofHours(23), day.length());
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheEndAtLeastOne() {
        BudgetPeriod day = BudgetPeriod.containing(PeriodKind.daily, ZoneId.of("UTC"), Instant.parse("2026-05-01T10:00:00Z"));
        assertEquals(50_400, day.secondsUntilEnd(Instant.parse("2026-05-01T10:00:00Z")));
        assertEquals(1, day.secondsUntilEnd(Instant.parse("2026-05-01T23:59:59.500Z")));
        assertEquals(1, day.secondsUntilEnd(Instant.parse("2026-05-02T00:00:01Z")));
    }
}
