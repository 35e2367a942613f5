package dev.finops.ingest.service;

import dev.finops.ingest.repository.RevaluationRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;

/**
 * Values provisional events exactly once their model has a rate: after each rate-table refresh asked through the
 * API and on the refresh schedule. The revaluation appends the exact delta, so budgets move by exactly that.
 */
@ApplicationScoped
public class ProvisionalRevaluer {

    private final RevaluationRepository repository;
    private final RevaluationService revaluation;
    private final RateTable rates;

    public ProvisionalRevaluer(RevaluationRepository repository, RevaluationService revaluation, RateTable rates) {
        this.repository = repository;
        this.revaluation = revaluation;
        this.rates = rates;
    }

    @Scheduled(every = "${finops.ingest.rates-refresh}", delayed = "${finops.ingest.rates-refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return revalueNowPriced().replaceWithVoid().onFailure().recoverWithNull();
    }

    /** Revalues every model with provisional events that now has a rate; answers the sum of the deltas. */
    public Uni<BigDecimal> revalueNowPriced() {
        return repository.provisionalModels()
                .onItem().transformToMulti(models -> Multi.createFrom().iterable(models))
                .filter(m -> rates.resolve(m.model()).isPresent())
                .onItem().transformToUniAndConcatenate(m -> revaluation.revalue(m.model(), m.from(), m.to()))
                .collect().asList()
                .map(done -> done.stream().map(RevaluationService.Revaluation::deltaUsd)
                        .reduce(BigDecimal.ZERO, BigDecimal::add));
    }
}
