package dev.finops.budget.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The drako burn-down of a budget's current period: per local day the cumulative actual spend (solid line),
 * the cap (dashed) and the projection to period end (dotted) by two methods, both shown: the linear
 * period-to-date run rate and the trailing 7-day run rate.
 */
public record BurnDown(UUID budgetId, String name, String period, String timezone, Instant periodStart,
                       Instant periodEnd, BigDecimal capUsd, BigDecimal hardLimitUsd, BigDecimal spentUsd,
                       Projections projections, List<Day> days, BigDecimal provisionalUsd) {

    /** One day; actualUsd is absent for days still to come, projections for days already over. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Day(LocalDate date, BigDecimal actualUsd, BigDecimal capUsd, BigDecimal projectedLinearUsd,
                      BigDecimal projectedTrailing7dUsd) {
    }

    public record Projections(Method linearPeriodToDate, Method trailing7Day) {
    }

    public record Method(String description, BigDecimal ratePerDayUsd, BigDecimal endOfPeriodUsd) {
    }

    /** The local days the computation needs spend for: from the earlier of period start and 6 days ago, to today. */
    static LocalDate firstDayNeeded(Budget b, Instant now) {
        LocalDate today = now.atZone(b.timezone()).toLocalDate();
        LocalDate first = b.periodAt(now).firstDay();
        return first.isBefore(today.minusDays(6)) ? first : today.minusDays(6);
    }

    static BurnDown compute(Budget b, Map<LocalDate, BigDecimal> spendByDay, Instant now) {
        ZoneId zone = b.timezone();
        BudgetPeriod p = b.periodAt(now);
        LocalDate today = now.atZone(zone).toLocalDate();
        BigDecimal spent = sum(spendByDay, p.firstDay(), today);
        BigDecimal linearRate = Projection.perDay(spent, Duration.between(p.start(), now));
        LocalDate weekAgo = today.minusDays(6);
        BigDecimal trailingRate = Projection.perDay(sum(spendByDay, weekAgo, today),
                Duration.between(weekAgo.atStartOfDay(zone).toInstant(), now));
        Duration left = Duration.between(now, p.end());
        Projections projections = new Projections(
                new Method("spend so far this period / time elapsed, extended to period end", linearRate,
                        Projection.extend(spent, linearRate, left)),
                new Method("spend of the last 7 local days (today included) / their elapsed time, extended to period end",
                        trailingRate, Projection.extend(spent, trailingRate, left)));
        List<Day> days = new ArrayList<>();
        BigDecimal cumulative = BigDecimal.ZERO;
        for (LocalDate d = p.firstDay(); d.isBefore(p.endDay()); d = d.plusDays(1)) {
            boolean past = d.isBefore(today);
            boolean future = d.isAfter(today);
            cumulative = future ? cumulative : cumulative.add(spendByDay.getOrDefault(d, BigDecimal.ZERO));
            Duration toEndOfDay = Duration.between(now, d.plusDays(1).atStartOfDay(zone).toInstant());
            days.add(new Day(d, future ? null : cumulative, b.amountUsd(),
                    past ? null : Projection.extend(spent, linearRate, toEndOfDay),
                    past ? null : Projection.extend(spent, trailingRate, toEndOfDay)));
        }
        return new BurnDown(b.id(), b.name(), b.period().name(), zone.getId(), p.start(), p.end(), b.amountUsd(),
                b.hardLimitUsd(), spent, projections, days, BigDecimal.ZERO);
    }

    /** The same, saying how much of the period's spend is provisional (valued at a fallback rate). */
    BurnDown withProvisional(BigDecimal usd) {
        return new BurnDown(budgetId, name, period, timezone, periodStart, periodEnd, capUsd, hardLimitUsd, spentUsd,
                projections, days, usd);
    }

    private static BigDecimal sum(Map<LocalDate, BigDecimal> spendByDay, LocalDate from, LocalDate toInclusive) {
        return spendByDay.entrySet().stream().filter(e -> !e.getKey().isBefore(from) && !e.getKey().isAfter(toInclusive))
                .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
