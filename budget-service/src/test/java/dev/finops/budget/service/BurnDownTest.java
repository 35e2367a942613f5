package dev.finops.budget.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.budget.Budget;
import dev.finops.budget.BudgetScope;
import dev.finops.budget.PeriodKind;
import dev.finops.budget.repository.PeriodSpend;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Burn-down and status arithmetic at a fixed instant. */
class BurnDownTest {

    private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");

    private static Budget budget(String amount, String hardLimit, List<BigDecimal> alerts) {
        return new Budget(UUID.randomUUID(), "b", BudgetScope.ORG, PeriodKind.monthly, ZoneId.of("UTC"),
                new BigDecimal(amount), alerts, hardLimit == null ? null : new BigDecimal(hardLimit), null, true, NOW, NOW);
    }

    private static void assertClose(String expected, BigDecimal actual) {
        assertTrue(new BigDecimal(expected).subtract(actual).abs().compareTo(new BigDecimal("0.000001")) < 0,
                () -> "expected about " + expected + " but was " + actual);
    }

    @Test
    void cumulativeActualPerDayTheCapAndBothProjections() {
        Budget b = budget("300", null, List.of(BigDecimal.valueOf(80)));
        Map<LocalDate, BigDecimal> days = Map.of(LocalDate.of(2026, 6, 1), new BigDecimal("10"),
                LocalDate.of(2026, 6, 5), new BigDecimal("20"), LocalDate.of(2026, 6, 10), new BigDecimal("30"),
                LocalDate.of(2026, 5, 31), new BigDecimal("99"));  // previous month: not this period's spend
        BurnDown d = BurnDown.compute(b, days, NOW);

        assertEquals(0, new BigDecimal("60").compareTo(d.spentUsd()));
        assertEquals(30, d.days().size());
        assertEquals(0, new BigDecimal("10").compareTo(d.days().get(0).actualUsd()));
        assertEquals(0, new BigDecimal("30").compareTo(d.days().get(8).actualUsd()));
        assertEquals(0, new BigDecimal("60").compareTo(d.days().get(9).actualUsd()));
        assertNull(d.days().get(10).actualUsd());
        assertNull(d.days().get(8).projectedLinearUsd());
        assertEquals(0, new BigDecimal("300").compareTo(d.days().get(29).capUsd()));
        // linear: 60 over 9.5 days; trailing 7 days (4-10 June): 50 over 6.5 days; 20.5 days left
        assertClose("6.315789473684", d.projections().linearPeriodToDate().ratePerDayUsd());
        assertClose("189.473684210526", d.projections().linearPeriodToDate().endOfPeriodUsd());
        assertClose("7.692307692308", d.projections().trailing7Day().ratePerDayUsd());
        assertClose("217.692307692308", d.projections().trailing7Day().endOfPeriodUsd());
        assertEquals(d.projections().linearPeriodToDate().endOfPeriodUsd(), d.days().get(29).projectedLinearUsd());
        assertClose("63.157894736842", d.days().get(9).projectedLinearUsd());  // today: half a day at the rate
    }

    @Test
    void statusStatesFollowThresholdsAmountAndHardLimit() {
        Budget b = budget("10", "120", List.of(BigDecimal.valueOf(50), BigDecimal.valueOf(80)));
        assertEquals("ok", status(b, "4.99").state());
        assertEquals("warning", status(b, "5").state());
        assertEquals("exceeded", status(b, "10").state());
        assertEquals("blocked", status(b, "12").state());
        BudgetStatus s = status(b, "7.5");
        assertEquals(0, new BigDecimal("75").compareTo(s.percent()));
        assertEquals(0, new BigDecimal("2.5").compareTo(s.remainingUsd()));
        // 7.5 over 9.5 days of a 30-day month
        assertClose("23.684210526316", s.projectedUsd());
        assertEquals(0, BigDecimal.ZERO.compareTo(status(b, "11").remainingUsd()));
    }

    private static BudgetStatus status(Budget b, String spent) {
        var p = b.periodAt(NOW);
        return StatusService.status(b, p, new PeriodSpend(b.id(), p.start(), new BigDecimal(spent), BigDecimal.ZERO), NOW);
    }
}
