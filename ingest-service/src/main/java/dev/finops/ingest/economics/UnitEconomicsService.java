package dev.finops.ingest.economics;

import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.report.Aggregate;
import dev.finops.ingest.report.Dimension;
import dev.finops.ingest.report.ReportQuery;
import dev.finops.ingest.report.ReportRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Cost per business outcome, and AI cost per customer against the revenue finance supplies. */
@ApplicationScoped
public class UnitEconomicsService {

    /** Dimensions outcomes carry; model and provider are properties of calls, not of outcomes. */
    public static final Set<Dimension> OUTCOME_DIMENSIONS = Set.of(Dimension.team, Dimension.agent, Dimension.feature,
            Dimension.customer, Dimension.environment);
    static final int SCALE = 10;

    public record UnitCost(String key, BigDecimal costUsd, long outcomes, BigDecimal unitCostUsd) {
    }

    public record UnitCosts(String outcome, Dimension groupBy, Instant from, Instant to, UnitCost total,
                            List<UnitCost> items) {
    }

    public record CustomerCost(String customerId, BigDecimal costUsd, long calls, BigDecimal revenueUsd,
                               BigDecimal costShareOfRevenue) {
    }

    public record Customers(YearMonth month, BigDecimal totalCostUsd, List<CustomerCost> items) {
    }

    private final ReportRepository usage;
    private final OutcomeRepository outcomes;
    private final Pool pool;

    public UnitEconomicsService(ReportRepository usage, OutcomeRepository outcomes, Pool pool) {
        this.usage = usage;
        this.outcomes = outcomes;
        this.pool = pool;
    }

    public Uni<UnitCosts> unitCosts(ReportQuery q, String outcome, Dimension groupBy) {
        q.filters().keySet().stream().filter(d -> !OUTCOME_DIMENSIONS.contains(d)).findFirst().ifPresent(d -> {
            throw ProblemException.badRequest(d.filterParam, "outcomes are not recorded per " + d.name());
        });
        return Uni.combine().all().unis(usage.sums(q, List.of(groupBy), false), outcomes.counts(q, outcome, groupBy))
                .asTuple().map(t -> {
                    Map<String, BigDecimal> cost = new HashMap<>();
                    t.getItem1().forEach(a -> cost.put(a.key(groupBy), a.costUsd()));
                    Map<String, Long> counts = t.getItem2();
                    Set<String> keys = new TreeSet<>(cost.keySet());
                    keys.addAll(counts.keySet());
                    List<UnitCost> items = keys.stream()
                            .map(k -> unit(k.isEmpty() ? null : k, cost.getOrDefault(k, BigDecimal.ZERO),
                                    counts.getOrDefault(k, 0L)))
                            .sorted((a, b) -> b.costUsd().compareTo(a.costUsd())).toList();
                    UnitCost total = unit(null, items.stream().map(UnitCost::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add),
                            items.stream().mapToLong(UnitCost::outcomes).sum());
                    return new UnitCosts(outcome, groupBy, q.from(), q.to(), total, items);
                });
    }

    public Uni<Customers> customers(YearMonth month, Map<Dimension, String> filters) {
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Uni<List<Aggregate>> costs = usage.sums(new ReportQuery(from, to, filters), List.of(Dimension.customer), false);
        Uni<Map<String, BigDecimal>> revenue = pool.preparedQuery(
                        "SELECT customer_id, revenue_usd::text FROM customer_revenue WHERE month = $1")
                .execute(Tuple.of(month.atDay(1))).map(rows -> {
                    Map<String, BigDecimal> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString(0), new BigDecimal(r.getString(1)));
                    }
                    return out;
                });
        return Uni.combine().all().unis(costs, revenue).asTuple().map(t -> {
            List<CustomerCost> items = t.getItem1().stream().filter(a -> !a.key(Dimension.customer).isEmpty())
                    .map(a -> {
                        BigDecimal rev = t.getItem2().get(a.key(Dimension.customer));
                        return new CustomerCost(a.key(Dimension.customer), a.costUsd(), a.calls(), rev,
                                rev == null || rev.signum() == 0 ? null : a.costUsd().divide(rev, 6, RoundingMode.HALF_EVEN));
                    }).sorted((a, b) -> b.costUsd().compareTo(a.costUsd())).toList();
            return new Customers(month, items.stream().map(CustomerCost::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add),
                    items);
        });
    }

    public Uni<Void> setRevenue(String customerId, YearMonth month, BigDecimal revenueUsd) {
        return pool.preparedQuery("""
                        INSERT INTO customer_revenue (customer_id, month, revenue_usd) VALUES ($1, $2, $3::text::numeric)
                        ON CONFLICT (customer_id, month) DO UPDATE SET revenue_usd = excluded.revenue_usd, updated_at = now()""")
                .execute(Tuple.of(customerId, month.atDay(1), revenueUsd.toPlainString())).replaceWithVoid();
    }

    private static UnitCost unit(String key, BigDecimal cost, long count) {
        return new UnitCost(key, cost, count,
                count == 0 ? null : cost.divide(BigDecimal.valueOf(count), SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros());
    }
}
