package dev.finops.budget.service;

import dev.finops.budget.Budget;
import dev.finops.budget.error.RunCeilingException;
import dev.finops.budget.repository.RunTokenRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Per-run token ceilings ("abort a single run past 50k tokens"): tokens per run come from the feed. */
@ApplicationScoped
public class RunCeilings {

    private final Pool pool;
    private final RunTokenRepository runTokens;

    public RunCeilings(Pool pool, RunTokenRepository runTokens) {
        this.pool = pool;
        this.runTokens = runTokens;
    }

    /** Fails with {@link RunCeilingException} when the run has reached the ceiling of a matching budget. */
    public Uni<Void> admit(List<Budget> matching, String runId) {
        List<Budget> ceilings = runId == null ? List.of()
                : matching.stream().filter(b -> b.maxTokensPerRun() != null).toList();
        if (ceilings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return runTokens.used(pool, ceilings.stream().map(Budget::id).toList(), runId).invoke(used -> {
            for (Budget b : ceilings) {
                long tokens = used.getOrDefault(b.id(), 0L);
                if (tokens >= b.maxTokensPerRun()) {
                    throw new RunCeilingException(b.id(), b.name(), runId, tokens, b.maxTokensPerRun());
                }
            }
        }).replaceWithVoid();
    }
}
