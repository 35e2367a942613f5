package dev.finops.anomaly.service;

import dev.finops.anomaly.Baseline;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.BaselineRepository;
import dev.finops.anomaly.repository.BaselineRepository.AutoBaseline;
import dev.finops.anomaly.repository.SpendHourRepository;
import dev.finops.http.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Manual baselines, and automatic ones from each agent's trailing hourly spend (median of its active hours). */
@ApplicationScoped
public class BaselineService {

    private final Pool pool;
    private final BaselineRepository baselines;
    private final SpendHourRepository hours;
    private final AnomalyConfig config;
    private final Clock clock;

    public BaselineService(Pool pool, BaselineRepository baselines, SpendHourRepository hours, AnomalyConfig config,
                           Clock clock) {
        this.pool = pool;
        this.baselines = baselines;
        this.hours = hours;
        this.config = config;
        this.clock = clock;
    }

    public Uni<List<Baseline>> list() {
        return baselines.list(pool);
    }

    public Uni<Baseline> putManual(String agentId, BigDecimal usdPerHour) {
        return pool.withTransaction(tx -> baselines.putManual(tx, agentId, usdPerHour, clock.instant()));
    }

    /** Removes the manual baseline; the automatic one (if the agent has enough history) takes its place at once. */
    public Uni<Void> deleteManual(String agentId) {
        return pool.withTransaction(tx -> baselines.deleteManual(tx, agentId)).flatMap(deleted -> {
            if (!deleted) {
                throw new ProblemException(Response.Status.NOT_FOUND, "Agent '" + agentId
                        + "' has no manual baseline; automatic baselines cannot be deleted.");
            }
            return recompute();
        });
    }

    @Scheduled(every = "${finops.anomaly.baseline.recompute-interval:10m}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRecompute() {
        return recompute().onFailure().invoke(e -> Log.warnf("automatic baselines not recomputed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Recomputes every automatic baseline from the lookback before the current hour. */
    public Uni<Void> recompute() {
        Instant now = clock.instant();
        Instant to = now.truncatedTo(ChronoUnit.HOURS);
        return pool.withTransaction(tx -> hours.activeHourSpend(tx, "agent", to.minus(config.baseline().lookback()), to)
                .flatMap(perAgent -> {
                    List<AutoBaseline> auto = new ArrayList<>();
                    perAgent.forEach((agent, spend) -> {
                        if (spend.size() >= config.baseline().minActiveHours()) {
                            auto.add(new AutoBaseline(agent, median(spend), spend.size()));
                        }
                    });
                    return baselines.replaceAuto(tx, auto, now);
                }));
    }

    /** Median of ascending values: robust against the one runaway hour that a mean would absorb. */
    static BigDecimal median(List<BigDecimal> ascending) {
        int n = ascending.size();
        return n % 2 == 1 ? ascending.get(n / 2)
                : ascending.get(n / 2 - 1).add(ascending.get(n / 2)).divide(BigDecimal.valueOf(2));
    }
}
