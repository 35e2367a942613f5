package dev.finops.anomaly.service;

import dev.finops.anomaly.Baseline;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.BaselineRepository;
import dev.finops.anomaly.repository.BaselineRepository.AutoBaseline;
import dev.finops.anomaly.repository.SpendHourRepository;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
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

    private static final int MAX_AGENT_ID = 200;
    /** Only manual baselines can be managed by a resource; automatic ones are recomputed, never claimed. */
    private static final OwnerColumn OWNER = OwnerColumn.filtered("baselines", "source = 'manual'", "agent_id");

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

    /** An agent id as paths and resources give it: 1 to 200 characters. */
    public static String requireAgent(String agentId) {
        if (agentId == null || agentId.isBlank() || agentId.length() > MAX_AGENT_ID) {
            throw ProblemException.badRequest("agentId", "must be 1 to " + MAX_AGENT_ID + " characters");
        }
        return agentId;
    }

    public Uni<Baseline> putManual(String agentId, BigDecimal usdPerHour) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(agentId), agentId)
                .chain(() -> baselines.putManual(tx, agentId, usdPerHour, clock.instant())));
    }

    /**
     * The manual baseline an AgentBaseline resource describes; one set through the REST API or by another resource
     * is left alone (409). An agent the resource no longer names gets its automatic baseline back.
     */
    public Uni<Baseline> applyResource(String agentId, BigDecimal usdPerHour, ResourceOwner owner) {
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner)
                        .call(mine -> mine.isEmpty() || mine.get().getString(0).equals(agentId)
                                ? Uni.createFrom().voidItem() : baselines.deleteManual(tx, mine.get().getString(0)))
                        .chain(() -> OWNER.claim(tx, owner, what(agentId), agentId))
                        .chain(() -> baselines.putManual(tx, agentId, usdPerHour, clock.instant()))
                        .call(() -> OWNER.own(tx, owner, agentId)))
                .call(this::recompute);
    }

    /** Deletes the manual baseline a resource created; the automatic one takes its place. */
    public Uni<Void> removeResource(ResourceOwner owner) {
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isEmpty()
                        ? Uni.createFrom().voidItem() : baselines.deleteManual(tx, mine.get().getString(0)).replaceWithVoid()))
                .call(this::recompute);
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    private static String what(String agentId) {
        return "the manual baseline of agent '" + agentId + "'";
    }

    /** Removes the manual baseline; the automatic one (if the agent has enough history) takes its place at once. */
    public Uni<Void> deleteManual(String agentId) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(agentId), agentId)
                .chain(() -> baselines.deleteManual(tx, agentId))).flatMap(deleted -> {
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
