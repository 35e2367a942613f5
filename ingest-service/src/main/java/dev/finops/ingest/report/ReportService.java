package dev.finops.ingest.report;

import dev.finops.ingest.service.RateTable;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Trends, breakdowns and allocations: sums of the hourly rollups arranged the way each report shows them. */
@ApplicationScoped
public class ReportService {

    /** Per-day sums; {@code groups} holds the day's split when a groupBy is asked. */
    public record Day(LocalDate date, BigDecimal costUsd, long calls, long inputTokens, long outputTokens,
                      long cachedInputTokens, long reasoningTokens, List<Line> groups) {
    }

    public record Trends(Instant from, Instant to, Dimension groupBy, BigDecimal totalCostUsd, long totalCalls,
                         List<Day> days) {
    }

    public record Breakdown(Dimension dimension, Instant from, Instant to, BigDecimal totalCostUsd, long totalCalls,
                            List<Line> items) {
    }

    public record Allocations(Instant from, Instant to, BigDecimal totalCostUsd, List<Line> byTeam,
                              List<Line> byAgent) {
    }

    private final ReportRepository repository;
    private final RateTable rates;

    public ReportService(ReportRepository repository, RateTable rates) {
        this.repository = repository;
        this.rates = rates;
    }

    public Uni<Trends> trends(ReportQuery q, Dimension groupBy) {
        List<Dimension> groups = groupBy == null ? List.of() : List.of(groupBy);
        return repository.sums(q, groups, true).map(rows -> {
            Map<LocalDate, List<Aggregate>> byDate = new HashMap<>();
            rows.forEach(a -> byDate.computeIfAbsent(a.date(), d -> new ArrayList<>()).add(a));
            List<Day> days = new ArrayList<>();
            Aggregate total = Aggregate.empty();
            LocalDate last = LocalDate.ofInstant(q.to().minusNanos(1), ZoneOffset.UTC);
            for (LocalDate d = LocalDate.ofInstant(q.from(), ZoneOffset.UTC); !d.isAfter(last); d = d.plusDays(1)) {
                List<Aggregate> parts = byDate.getOrDefault(d, List.of());
                Aggregate day = parts.stream().reduce(Aggregate.empty(), Aggregate::plus);
                total = total.plus(day);
                days.add(new Day(d, day.costUsd(), day.calls(), day.inputTokens(), day.outputTokens(),
                        day.cachedInputTokens(), day.reasoningTokens(),
                        groupBy == null ? null : lines(parts, groupBy, day.costUsd())));
            }
            return new Trends(q.from(), q.to(), groupBy, total.costUsd(), total.calls(), days);
        });
    }

    public Uni<Breakdown> breakdown(ReportQuery q, Dimension dimension) {
        return repository.sums(q, List.of(dimension), false).map(rows -> {
            Aggregate total = rows.stream().reduce(Aggregate.empty(), Aggregate::plus);
            return new Breakdown(dimension, q.from(), q.to(), total.costUsd(), total.calls(),
                    lines(rows, dimension, total.costUsd()));
        });
    }

    public Uni<Allocations> allocations(ReportQuery q) {
        return repository.sums(q, List.of(Dimension.team, Dimension.agent), false).map(rows -> {
            Aggregate total = rows.stream().reduce(Aggregate.empty(), Aggregate::plus);
            Map<String, Aggregate> teams = new HashMap<>();
            rows.forEach(a -> teams.merge(a.key(Dimension.team), a, Aggregate::plus));
            List<Line> byTeam = teams.entrySet().stream()
                    .map(e -> Line.of(e.getKey(), null, e.getValue(), total.costUsd()))
                    .sorted(BY_COST).toList();
            List<Line> byAgent = rows.stream()
                    .map(a -> Line.of(blankToNull(a.key(Dimension.agent)), a.key(Dimension.team), a, total.costUsd()))
                    .sorted(BY_COST).toList();
            return new Allocations(q.from(), q.to(), total.costUsd(), byTeam, byAgent);
        });
    }

    static final Comparator<Line> BY_COST = Comparator.comparing(Line::costUsd).reversed()
            .thenComparing(l -> l.key() == null ? "" : l.key());

    List<Line> lines(List<Aggregate> rows, Dimension d, BigDecimal total) {
        if (d == Dimension.model) {
            return byPricedModel(rows, total);
        }
        return rows.stream().map(a -> Line.of(blankToNull(a.key(d)), null, a, total)).sorted(BY_COST).toList();
    }

    /** Model rows grouped by the priced model (the alias target), each listing the reported strings it covers. */
    private List<Line> byPricedModel(List<Aggregate> rows, BigDecimal total) {
        Map<String, Aggregate> sums = new TreeMap<>();
        Map<String, TreeSet<String>> reported = new TreeMap<>();
        for (Aggregate a : rows) {
            String model = a.key(Dimension.model);
            String priced = model == null || model.isEmpty() ? "" : rates.resolve(model).orElse(model);
            sums.merge(priced, a, Aggregate::plus);
            reported.computeIfAbsent(priced, k -> new TreeSet<>()).add(model == null ? "" : model);
        }
        return sums.entrySet().stream().map(e -> Line.of(blankToNull(e.getKey()), null, e.getValue(), total,
                List.copyOf(reported.get(e.getKey())))).sorted(BY_COST).toList();
    }

    static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
