package dev.finops.cache.service;

import dev.finops.cache.Tenants;
import dev.finops.cache.repository.StatsRepository;
import dev.finops.cache.repository.StatsRepository.Bucket;
import dev.finops.cache.repository.StatsRepository.Totals;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/** Cache ROI from the persisted per-hour statistics: savings, embedding cost, net, hit rate; overall and per namespace. */
@ApplicationScoped
public class RoiService {

    public record RoiStats(BigDecimal cacheSavingsUsd, BigDecimal embeddingCostUsd, BigDecimal netRoiUsd, long hits,
                           long exactHits, long misses, long unpricedHits, long embeddingTokens, BigDecimal hitRate,
                           Instant since, List<NamespaceRoi> namespaces) {
    }

    public record NamespaceRoi(String teamId, String namespace, BigDecimal cacheSavingsUsd, BigDecimal embeddingCostUsd,
                               BigDecimal netRoiUsd, long hits, long exactHits, long misses, long unpricedHits,
                               long embeddingTokens, BigDecimal hitRate, Instant since) {
    }

    public record ImpactPoint(Instant start, long hits, long misses, BigDecimal hitRate, BigDecimal savingsUsd) {
    }

    private final StatsRepository stats;
    private final PendingStats pending;

    public RoiService(StatsRepository stats, PendingStats pending) {
        this.stats = stats;
        this.pending = pending;
    }

    /**
     * Reads what this instance counted until now too: the pending statistics are written first. {@code team} null:
     * every team's and the org's lookups; else that team's only.
     */
    public Uni<RoiStats> roi(String namespace, String team) {
        return pending.flush().chain(() -> stats.totals(namespace, tenant(team))).map(all -> {
            List<NamespaceRoi> per = all.stream().map(RoiService::namespaceRoi).toList();
            BigDecimal saved = sum(per.stream().map(NamespaceRoi::cacheSavingsUsd).toList());
            BigDecimal cost = sum(per.stream().map(NamespaceRoi::embeddingCostUsd).toList());
            long hits = all.stream().mapToLong(Totals::hits).sum();
            long misses = all.stream().mapToLong(Totals::misses).sum();
            Instant since = all.stream().map(Totals::since).min(Instant::compareTo).orElse(null);
            return new RoiStats(saved, cost, saved.subtract(cost), hits, all.stream().mapToLong(Totals::exactHits).sum(),
                    misses, all.stream().mapToLong(Totals::unpricedHits).sum(),
                    all.stream().mapToLong(Totals::embeddingTokens).sum(), rate(hits, misses), since, per);
        });
    }

    public Uni<List<ImpactPoint>> impact(String unit, int count, String namespace, String team) {
        return pending.flush().chain(() -> stats.series(unit, count, namespace, tenant(team))).map(buckets -> buckets.stream()
                .map(b -> new ImpactPoint(b.start(), b.hits(), b.misses(), rate(b.hits(), b.misses()),
                        b.savingsUsd().stripTrailingZeros()))
                .toList());
    }

    private static NamespaceRoi namespaceRoi(Totals t) {
        BigDecimal saved = t.savingsUsd().stripTrailingZeros();
        BigDecimal cost = t.embeddingCostUsd().stripTrailingZeros();
        return new NamespaceRoi(t.teamId(), t.namespace(), saved, cost, saved.subtract(cost), t.hits(), t.exactHits(), t.misses(),
                t.unpricedHits(), t.embeddingTokens(), rate(t.hits(), t.misses()), t.since());
    }

    private static String tenant(String team) {
        return team == null ? null : Tenants.of(team);
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static BigDecimal rate(long hits, long misses) {
        long lookups = hits + misses;
        return lookups == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(hits).divide(BigDecimal.valueOf(lookups), 4, RoundingMode.HALF_UP);
    }
}
