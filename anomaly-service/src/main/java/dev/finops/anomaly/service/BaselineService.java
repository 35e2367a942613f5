package dev.finops.anomaly.service;

import dev.finops.anomaly.Baseline;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.BaselineRepository;
import dev.finops.anomaly.repository.BaselineRepository.AutoBaseline;
import dev.finops.anomaly.repository.SpendHourRepository;
import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.kubernetes.OwnerColumn;
import dev.finops.kubernetes.ResourceOwner;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual baselines, and automatic ones from each agent's trailing hourly spend (median of its active hours). A
 * baseline belongs to its agent's team ({@link AgentOwnership}); a team scope sees and changes only its own team's.
 * Every change to a manual baseline is audited (kind "baseline") with the baseline before and after.
 */
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
    private final AgentOwnership ownership;
    private final AuditTrail audit;

    public BaselineService(Pool pool, BaselineRepository baselines, SpendHourRepository hours, AnomalyConfig config,
                           Clock clock, AgentOwnership ownership, AuditTrail audit) {
        this.ownership = ownership;
        this.audit = audit;
        this.pool = pool;
        this.baselines = baselines;
        this.hours = hours;
        this.config = config;
        this.clock = clock;
    }

    public Uni<List<Baseline>> list(TeamScope caller) {
        return baselines.list(pool, caller.team().orElse(null));
    }

    /** An agent id as paths and resources give it: 1 to 200 characters. */
    public static String requireAgent(String agentId) {
        if (agentId == null || agentId.isBlank() || agentId.length() > MAX_AGENT_ID) {
            throw ProblemException.badRequest("agentId", "must be 1 to " + MAX_AGENT_ID + " characters");
        }
        return agentId;
    }

    public Uni<Baseline> putManual(String agentId, BigDecimal usdPerHour, TeamScope caller, Actor actor) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(agentId), agentId)
                .chain(() -> put(tx, agentId, usdPerHour, caller, actor)));
    }

    /** Sets a manual baseline for the team the caller may set it for, and audits it. */
    private Uni<Baseline> put(SqlClient tx, String agentId, BigDecimal usdPerHour, TeamScope caller, Actor actor) {
        return baselines.find(tx, agentId).flatMap(before -> ownership.owner(tx, caller, agentId, current(before),
                        "baseline")
                .flatMap(team -> baselines.putManual(tx, agentId, usdPerHour, clock.instant(), team))
                .call(after -> audit.record(tx, actor, new AuditTrail.Change("baseline",
                        before.filter(b -> Baseline.MANUAL.equals(b.source())).isPresent() ? "update" : "create",
                        agentId, after.teamId(), before.orElse(null), after))));
    }

    /** Deletes a manual baseline the caller may change (false: none), and audits it. */
    private Uni<Boolean> delete(SqlClient tx, String agentId, TeamScope caller, Actor actor) {
        return baselines.find(tx, agentId).flatMap(before -> {
            if (before.isEmpty() || !Baseline.MANUAL.equals(before.get().source())) {
                return Uni.createFrom().item(false);
            }
            if (!caller.permits(before.get().teamId())) {
                return Uni.createFrom().item(false);
            }
            return baselines.deleteManual(tx, agentId).call(deleted -> audit.record(tx, actor, new AuditTrail.Change(
                    "baseline", "delete", agentId, before.get().teamId(), before.get(), null)));
        });
    }

    private static AgentOwnership.Current current(java.util.Optional<Baseline> b) {
        return b.map(x -> new AgentOwnership.Current(true, x.teamId())).orElse(AgentOwnership.Current.NONE);
    }

    /**
     * The manual baseline an AgentBaseline resource describes; one set through the REST API or by another resource
     * is left alone (409). An agent the resource no longer names gets its automatic baseline back. A resource in a
     * team's namespace ({@code namespace}) acts as that team's team-admin: another team's agent is refused.
     */
    public Uni<Baseline> applyResource(String agentId, BigDecimal usdPerHour, ResourceOwner owner, TeamScope namespace) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner)
                        .call(mine -> mine.isEmpty() || mine.get().getString(0).equals(agentId)
                                ? Uni.createFrom().voidItem()
                                : delete(tx, mine.get().getString(0), TeamScope.org(), actor))
                        .chain(() -> OWNER.claim(tx, owner, what(agentId), agentId))
                        .chain(() -> put(tx, agentId, usdPerHour, namespace, actor))
                        .call(() -> OWNER.own(tx, owner, agentId)))
                .call(this::recompute);
    }

    /** Deletes the manual baseline a resource created; the automatic one takes its place. */
    public Uni<Void> removeResource(ResourceOwner owner) {
        Actor actor = Actor.resource(owner.namespace(), owner.name());
        return pool.withTransaction(tx -> OWNER.ownedBy(tx, owner).flatMap(mine -> mine.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : delete(tx, mine.get().getString(0), TeamScope.org(), actor).replaceWithVoid()))
                .call(this::recompute);
    }

    public Uni<List<ResourceOwner>> owners() {
        return OWNER.owners(pool);
    }

    private static String what(String agentId) {
        return "the manual baseline of agent '" + agentId + "'";
    }

    /** Removes the manual baseline; the automatic one (if the agent has enough history) takes its place at once. */
    public Uni<Void> deleteManual(String agentId, TeamScope caller, Actor actor) {
        return pool.withTransaction(tx -> OWNER.refuseIfManaged(tx, what(agentId), agentId)
                .chain(() -> delete(tx, agentId, caller, actor))).flatMap(deleted -> {
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
