package dev.finops.ingest.report;

import dev.finops.http.auth.AuthConfig;
import dev.finops.ingest.client.CacheStatsClient;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Month-to-date summary, run-rate projections and period-over-period changes (calendar in UTC). */
@ApplicationScoped
public class SpendOutlookService {

    /** Projections divide by day counts: ten decimals keep them exact enough for money. */
    static final int SCALE = 10;
    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    public record Top(String key, BigDecimal costUsd) {
    }

    public record Summary(YearMonth month, BigDecimal monthToDateUsd, long monthToDateCalls, Top topModel,
                          Top topAgent, BigDecimal previousMonthSameDaysUsd, BigDecimal monthOverMonthChange,
                          BigDecimal cacheHitRate, String cacheNote) {
    }

    public record RunRate(BigDecimal trailing7DaysUsd, BigDecimal trailing30DaysUsd) {
    }

    public record TeamProjection(String teamId, BigDecimal monthToDateUsd, BigDecimal yearToDateUsd,
                                 RunRate dailyRate, RunRate endOfMonthUsd, RunRate endOfYearUsd) {
    }

    public record Projection(Instant asOf, TeamProjection total, List<TeamProjection> byTeam) {
    }

    public record Change(String key, BigDecimal currentUsd, BigDecimal previousUsd, BigDecimal changeUsd,
                         BigDecimal ratio) {
    }

    public record Changes(Dimension groupBy, String period, Instant currentFrom, Instant previousFrom, Instant to,
                          List<Change> items) {
    }

    private final ReportRepository repository;
    private final CacheStatsClient cache;
    private final String serviceAuthorization;
    private final Clock clock;

    public SpendOutlookService(ReportRepository repository, @RestClient CacheStatsClient cache, AuthConfig auth) {
        this.repository = repository;
        this.cache = cache;
        this.serviceAuthorization = "Bearer " + auth.serviceKey().orElse("");
        this.clock = Clock.systemUTC();
    }

    public Uni<Summary> summary(Map<Dimension, String> filters) {
        Instant end = ReportWindow.ceilHour(clock.instant());
        YearMonth month = YearMonth.from(end.minusNanos(1).atZone(ZoneOffset.UTC));
        Instant monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant prevStart = month.minusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant prevEnd = min(prevStart.plus(Duration.between(monthStart, end)), monthStart);
        ReportQuery mtd = new ReportQuery(monthStart, end, filters);
        return Uni.combine().all().unis(
                        repository.sums(mtd, List.of(Dimension.model), false),
                        repository.sums(mtd, List.of(Dimension.agent), false),
                        repository.sums(mtd.between(prevStart, prevEnd), List.of(), false),
                        cacheHitRate(filters.get(Dimension.team)))
                .with((models, agents, previous, hitRate) -> {
                    Aggregate total = models.stream().reduce(Aggregate.empty(), Aggregate::plus);
                    BigDecimal prev = previous.stream().map(Aggregate::costUsd)
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
                    return new Summary(month, total.costUsd(), total.calls(),
                            top(models, Dimension.model), top(agents, Dimension.agent),
                            prev, ratio(total.costUsd().subtract(prev), prev), hitRate.hitRate(), hitRate.note());
                });
    }

    public Uni<Projection> projection(Map<Dimension, String> filters) {
        Instant now = clock.instant();
        Instant end = ReportWindow.ceilHour(now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant monthStart = today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant yearStart = today.withDayOfYear(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        BigDecimal daysLeftInMonth = days(end, today.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        BigDecimal daysLeftInYear = days(end, today.withDayOfYear(1).plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        ReportQuery base = new ReportQuery(yearStart, end, filters);
        List<Dimension> byTeam = List.of(Dimension.team);
        return Uni.combine().all().unis(
                        repository.sums(base.between(monthStart, end), byTeam, false),
                        repository.sums(base, byTeam, false),
                        repository.sums(base.between(end.minus(7, ChronoUnit.DAYS), end), byTeam, false),
                        repository.sums(base.between(end.minus(30, ChronoUnit.DAYS), end), byTeam, false))
                .with((mtd, ytd, last7, last30) -> {
                    Map<String, BigDecimal[]> teams = new HashMap<>();
                    collect(teams, mtd, 0);
                    collect(teams, ytd, 1);
                    collect(teams, last7, 2);
                    collect(teams, last30, 3);
                    BigDecimal[] sum = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
                    List<TeamProjection> lines = teams.entrySet().stream().map(e -> {
                        for (int i = 0; i < 4; i++) {
                            sum[i] = sum[i].add(e.getValue()[i]);
                        }
                        return project(e.getKey(), e.getValue(), daysLeftInMonth, daysLeftInYear);
                    }).sorted((a, b) -> b.endOfMonthUsd().trailing30DaysUsd().compareTo(a.endOfMonthUsd().trailing30DaysUsd()))
                            .toList();
                    return new Projection(now, project(null, sum, daysLeftInMonth, daysLeftInYear), lines);
                });
    }

    public Uni<Changes> changes(Map<Dimension, String> filters, Dimension groupBy, String period) {
        Duration length = "month".equals(period) ? Duration.ofDays(30) : Duration.ofDays(7);
        Instant end = ReportWindow.ceilHour(clock.instant());
        Instant currentFrom = end.minus(length);
        Instant previousFrom = currentFrom.minus(length);
        ReportQuery current = new ReportQuery(currentFrom, end, filters);
        return Uni.combine().all().unis(
                        repository.sums(current, List.of(groupBy), false),
                        repository.sums(current.between(previousFrom, currentFrom), List.of(groupBy), false))
                .asTuple().map(t -> {
                    Map<String, BigDecimal> now = costs(t.getItem1(), groupBy);
                    Map<String, BigDecimal> before = costs(t.getItem2(), groupBy);
                    Set<String> keys = new TreeSet<>(now.keySet());
                    keys.addAll(before.keySet());
                    List<Change> items = keys.stream().map(k -> {
                        BigDecimal c = now.getOrDefault(k, BigDecimal.ZERO);
                        BigDecimal p = before.getOrDefault(k, BigDecimal.ZERO);
                        return new Change(ReportService.blankToNull(k), c, p, c.subtract(p), ratio(c, p));
                    }).sorted((a, b) -> b.changeUsd().abs().compareTo(a.changeUsd().abs())).toList();
                    return new Changes(groupBy, length.toDays() == 30 ? "month" : "week", currentFrom, previousFrom,
                            end, items);
                });
    }

    private record CacheAnswer(BigDecimal hitRate, String note) {
    }

    /** cache-service's hit rate, of one team when the summary is of one (asked with the service key, naming it). */
    private Uni<CacheAnswer> cacheHitRate(String team) {
        return cache.roiStats(serviceAuthorization, team)
                .map(stats -> new CacheAnswer(stats.hitRate(), null))
                .onFailure().recoverWithItem(e -> {
                    Log.debugf("cache-service roi-stats unavailable: %s", e.getMessage());
                    return new CacheAnswer(null, "cache-service is unreachable; the hit rate is unknown right now");
                });
    }

    private static TeamProjection project(String team, BigDecimal[] v, BigDecimal monthLeft, BigDecimal yearLeft) {
        BigDecimal rate7 = v[2].divide(BigDecimal.valueOf(7), SCALE, RoundingMode.HALF_EVEN);
        BigDecimal rate30 = v[3].divide(BigDecimal.valueOf(30), SCALE, RoundingMode.HALF_EVEN);
        return new TeamProjection(team, v[0], v[1], new RunRate(rate7, rate30),
                new RunRate(scaled(v[0].add(rate7.multiply(monthLeft))), scaled(v[0].add(rate30.multiply(monthLeft)))),
                new RunRate(scaled(v[1].add(rate7.multiply(yearLeft))), scaled(v[1].add(rate30.multiply(yearLeft)))));
    }

    private static void collect(Map<String, BigDecimal[]> teams, List<Aggregate> rows, int slot) {
        for (Aggregate a : rows) {
            teams.computeIfAbsent(a.key(Dimension.team), t -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO})[slot] = a.costUsd();
        }
    }

    private static Map<String, BigDecimal> costs(List<Aggregate> rows, Dimension d) {
        Map<String, BigDecimal> out = new HashMap<>();
        rows.forEach(a -> out.put(a.key(d), a.costUsd()));
        return out;
    }

    private static Top top(List<Aggregate> rows, Dimension d) {
        return rows.stream().max((a, b) -> a.costUsd().compareTo(b.costUsd()))
                .map(a -> new Top(ReportService.blankToNull(a.key(d)), a.costUsd())).orElse(null);
    }

    /** part / whole as a ratio (0.25 = +25 %), or null when the whole is zero. */
    static BigDecimal ratio(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.divide(whole, 6, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal days(Instant from, Instant to) {
        return BigDecimal.valueOf(Math.max(0, Duration.between(from, to).toSeconds()))
                .divide(SECONDS_PER_DAY, SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal scaled(BigDecimal v) {
        return v.setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
