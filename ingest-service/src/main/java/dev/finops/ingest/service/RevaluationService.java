package dev.finops.ingest.service;

import dev.finops.cost.CostCalculator;
import dev.finops.cost.RateCard;
import dev.finops.ingest.repository.HourlyRollup;
import dev.finops.ingest.repository.RevaluationRepository;
import dev.finops.ingest.repository.RevaluationRepository.Correction;
import dev.finops.ingest.repository.RevaluationRepository.ValuedEvent;
import dev.finops.ingest.repository.UsageWriteRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prices events again with the rate effective at each one's timestamp: events stored unpriced
 * get their first valuation, priced ones a correction when a rate was changed after the fact.
 * Exact and idempotent: a second run finds nothing to correct.
 */
@ApplicationScoped
public class RevaluationService {

    static final int PAGE_SIZE = 1000;

    public record Revaluation(String model, Instant from, Instant to, long examined, long revalued,
                              long newlyPriced, long stillUnpriced, BigDecimal deltaUsd) {
    }

    private record Page(List<ValuedEvent> events, int revalued, int newlyPriced, int stillUnpriced,
                        BigDecimal delta) {
    }

    private final Pool pool;
    private final RevaluationRepository repository;
    private final UsageWriteRepository writes;
    private final RateTable rates;
    private final RateRefresher refresher;

    public RevaluationService(Pool pool, RevaluationRepository repository, UsageWriteRepository writes,
                              RateTable rates, RateRefresher refresher) {
        this.pool = pool;
        this.repository = repository;
        this.writes = writes;
        this.rates = rates;
        this.refresher = refresher;
    }

    /** Re-values every event of a model (by reported name or the model id it resolves to) in [from, to). */
    public Uni<Revaluation> revalue(String model, Instant from, Instant to) {
        return refresher.refresh().onFailure().recoverWithNull()
                .chain(() -> repository.modelsBetween(from, to))
                .map(names -> names.stream()
                        .filter(n -> n.equals(model) || rates.resolve(n).map(model::equals).orElse(false)).toList())
                .chain(names -> names.isEmpty()
                        ? Uni.createFrom().item(new Revaluation(model, from, to, 0, 0, 0, 0, BigDecimal.ZERO))
                        : pages(names, from, to, null, new Revaluation(model, from, to, 0, 0, 0, 0, BigDecimal.ZERO)));
    }

    private Uni<Revaluation> pages(List<String> names, Instant from, Instant to, ValuedEvent after, Revaluation sum) {
        return pool.withTransaction(conn -> repository.lock(conn)
                        .chain(() -> repository.page(conn, names, from, to, after, PAGE_SIZE))
                        .chain(events -> correct(conn, events)))
                .chain(page -> {
                    Revaluation total = new Revaluation(sum.model(), from, to, sum.examined() + page.events().size(),
                            sum.revalued() + page.revalued(), sum.newlyPriced() + page.newlyPriced(),
                            sum.stillUnpriced() + page.stillUnpriced(), sum.deltaUsd().add(page.delta()));
                    return page.events().size() < PAGE_SIZE ? Uni.createFrom().item(total)
                            : pages(names, from, to, page.events().get(page.events().size() - 1), total);
                });
    }

    private Uni<Page> correct(io.vertx.mutiny.sqlclient.SqlConnection conn, List<ValuedEvent> events) {
        List<Correction> corrections = new ArrayList<>();
        Map<HourlyRollup.Key, HourlyRollup> rollups = new TreeMap<>();
        int stillUnpriced = 0;
        int newlyPriced = 0;
        BigDecimal delta = BigDecimal.ZERO;
        for (ValuedEvent e : events) {
            Optional<RateCard> rate = rates.rateAt(e.model(), e.ts());
            if (rate.isEmpty()) {
                stillUnpriced += e.currentCostUsd() == null ? 1 : 0;
                continue;
            }
            BigDecimal target = CostCalculator.totalUsd(e.tokens(), rate.get(), e.charges());
            BigDecimal current = e.currentCostUsd();
            // a provisional valuation is replaced even when the exact one happens to be equal, so it stops being one
            if (current != null && current.compareTo(target) == 0 && e.provisionalUsd() == null) {
                continue;
            }
            BigDecimal change = current == null ? target : target.subtract(current);
            corrections.add(new Correction(e, change, rate.get().modelId(), rate.get().version()));
            HourlyRollup rollup = rollups.computeIfAbsent(e.rollupKey(), HourlyRollup::new);
            rollup.addCost(change, current == null);
            if (e.provisionalUsd() != null) {
                rollup.addProvisional(e.provisionalUsd().negate());
            }
            newlyPriced += current == null ? 1 : 0;
            delta = delta.add(change);
        }
        Page page = new Page(events, corrections.size(), newlyPriced, stillUnpriced, delta);
        return repository.insertCorrections(conn, corrections)
                .chain(() -> writes.addToRollups(conn, new ArrayList<>(rollups.values()),
                        UsageWriteRepository.REVALUATION_LANE))
                .replaceWith(page);
    }
}
