package dev.finops.ingest.service;

import dev.finops.audit.Actor;
import dev.finops.audit.AuditTrail;
import dev.finops.cost.CallCharges;
import dev.finops.cost.CostCalculator;
import dev.finops.cost.ServiceTier;
import dev.finops.cost.RateCard;
import dev.finops.cost.TokenUsage;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.UsageEvent;
import dev.finops.ingest.repository.CorrectionRepository;
import dev.finops.ingest.repository.CorrectionRepository.CurrentEvent;
import dev.finops.ingest.repository.CorrectionRepository.TokenDelta;
import dev.finops.ingest.repository.HourlyRollup;
import dev.finops.ingest.repository.RevaluationRepository;
import dev.finops.ingest.repository.UsageWriteRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Voids and corrections of stored events (issue 18): appended to the ledger with the exact deltas, so the feed,
 * rollups, exports and every consumer move by exactly the corrected amount; audited as kind "usage-correction".
 */
@ApplicationScoped
public class CorrectionService {

    /** The corrected fields: null keeps the current value. */
    public record Corrected(Long inputTokens, Long cachedInputTokens, Long cacheWriteInputTokens, Long outputTokens,
                            Long reasoningTokens, String model) {
    }

    /** What a void or correction did: the event before and after, and the cost delta the feed carries. */
    public record Correction(String eventId, String teamId, String kind, String reason, JsonObject before,
                             JsonObject after, BigDecimal deltaUsd) {
    }

    private final Pool pool;
    private final CorrectionRepository repository;
    private final RevaluationRepository revaluations;
    private final UsageWriteRepository writes;
    private final RateTable rates;
    private final ProvisionalRates provisional;
    private final AuditTrail audit;

    public CorrectionService(Pool pool, CorrectionRepository repository, RevaluationRepository revaluations,
                             UsageWriteRepository writes, RateTable rates, ProvisionalRates provisional,
                             AuditTrail audit) {
        this.pool = pool;
        this.repository = repository;
        this.revaluations = revaluations;
        this.writes = writes;
        this.rates = rates;
        this.provisional = provisional;
        this.audit = audit;
    }

    public Uni<Correction> voidEvent(Actor actor, TeamScope scope, String eventId, String teamId, String reason) {
        return apply(actor, scope, eventId, teamId, reason, "void", null);
    }

    public Uni<Correction> correct(Actor actor, TeamScope scope, String eventId, String teamId, String reason,
                                   Corrected corrected) {
        return provisional.catchUp().chain(() -> apply(actor, scope, eventId, teamId, reason, "correct", corrected));
    }

    private Uni<Correction> apply(Actor actor, TeamScope scope, String eventId, String teamId, String reason,
                                  String kind, Corrected corrected) {
        String team = scope.resolve("teamId", teamId);
        // the revaluation lock: a correction and a revaluation of the same event never interleave
        return pool.withTransaction(conn -> revaluations.lock(conn)
                .chain(() -> repository.current(conn, eventId, team))
                .map(found -> one(found, eventId, scope))
                .chain(e -> record(conn, actor, e, kind, reason, corrected)));
    }

    private static CurrentEvent one(List<CurrentEvent> found, String eventId, TeamScope scope) {
        List<CurrentEvent> visible = found.stream().filter(e -> scope.permits(e.teamId())).toList();
        if (visible.isEmpty()) {
            throw new ProblemException(Response.Status.NOT_FOUND, "No usage event '" + eventId + "'.");
        }
        if (visible.size() > 1) {
            throw ProblemException.badRequest("teamId", "several teams reported an event '" + eventId
                    + "'; name the team");
        }
        CurrentEvent e = visible.get(0);
        if (e.voided()) {
            throw new ProblemException(Response.Status.CONFLICT, "The event '" + eventId
                    + "' is already void; a void event cannot be voided or corrected again.");
        }
        return e;
    }

    private Uni<Correction> record(SqlConnection conn, Actor actor, CurrentEvent e, String kind, String reason,
                                   Corrected corrected) {
        TokenUsage tokens = kind.equals("void") ? new TokenUsage(0, 0, 0, 0, 0) : tokensAfter(e.tokens(), corrected);
        String model = corrected == null || corrected.model() == null ? e.model() : corrected.model();
        BigDecimal before = e.costUsd() == null ? BigDecimal.ZERO : e.costUsd();
        BigDecimal after = BigDecimal.ZERO;
        String pricedModel = null;
        Long rateVersion = null;
        boolean isProvisional = false;
        if (kind.equals("correct")) {
            Optional<RateCard> rate = rates.rateAt(model, e.ts());
            isProvisional = rate.isEmpty();
            if (isProvisional) {
                rate = provisional.rateFor(probe(e, model));
                isProvisional = rate.isPresent();
            }
            after = rate.map(r -> CostCalculator.cost(tokens, r, charges(e)).totalUsd()).orElse(BigDecimal.ZERO);
            pricedModel = rate.map(RateCard::modelId).orElse(null);
            rateVersion = rate.map(RateCard::version).orElse(null);
        }
        BigDecimal delta = after.subtract(before);
        TokenDelta tokenDelta = TokenDelta.between(e.tokens(), tokens);
        JsonObject beforeJson = state(e.model(), e.tokens(), e.costUsd(), e.provisional());
        JsonObject afterJson = state(model, tokens, after, isProvisional).put("void", kind.equals("void"));
        HourlyRollup rollup = new HourlyRollup(rollupKey(e));
        rollup.addTokens(tokenDelta.input(), tokenDelta.cached(), tokenDelta.cacheWrite(), tokenDelta.output(),
                tokenDelta.reasoning());
        rollup.addCost(delta, e.costUsd() == null && kind.equals("correct") && pricedModel != null);
        rollup.addProvisional((isProvisional ? after : BigDecimal.ZERO)
                .subtract(e.provisional() ? before : BigDecimal.ZERO));
        Correction answer = new Correction(e.eventId(), e.teamId(), kind, reason, beforeJson, afterJson, delta);
        return repository.append(conn, e, kind, reason, actor.name(), beforeJson, afterJson, tokenDelta, delta,
                        pricedModel, rateVersion, isProvisional)
                .chain(() -> writes.addToRollups(conn, List.of(rollup), UsageWriteRepository.REVALUATION_LANE))
                .chain(() -> audit.record(conn, actor, new AuditTrail.Change("usage-correction", kind, e.eventId(),
                        e.teamId(), beforeJson.getMap(), afterJson.put("reason", reason).getMap())))
                .replaceWith(answer);
    }

    private static TokenUsage tokensAfter(TokenUsage now, Corrected c) {
        try {
            return new TokenUsage(or(c.inputTokens(), now.inputTokens()), or(c.cachedInputTokens(),
                    now.cachedInputTokens()), or(c.cacheWriteInputTokens(), now.cacheWriteInputTokens()),
                    or(c.outputTokens(), now.outputTokens()), or(c.reasoningTokens(), now.reasoningTokens()));
        } catch (IllegalArgumentException ex) {
            throw ProblemException.badRequest("inputTokens", ex.getMessage());
        }
    }

    private static long or(Long value, long current) {
        return value == null ? current : value;
    }

    private static JsonObject state(String model, TokenUsage t, BigDecimal cost, boolean provisional) {
        return new JsonObject().put("model", model).put("inputTokens", t.inputTokens())
                .put("cachedInputTokens", t.cachedInputTokens()).put("cacheWriteInputTokens", t.cacheWriteInputTokens())
                .put("outputTokens", t.outputTokens()).put("reasoningTokens", t.reasoningTokens())
                .put("costUsd", cost == null ? null : cost.toPlainString()).put("provisional", provisional);
    }

    private static HourlyRollup.Key rollupKey(CurrentEvent e) {
        var s = e.source();
        return HourlyRollup.Key.of(e.ts(), e.teamId(), s.getString("agent_id"), s.getString("feature"),
                s.getString("environment"), s.getString("customer_id"), s.getString("provider"),
                s.getString("reported_model"));
    }

    /** The event with another model, to find that model's provisional rate by provider. */
    private static UsageEvent probe(CurrentEvent e, String model) {
        return new UsageEvent(e.eventId(), e.teamId(), e.ts(), e.source().getString("provider"), model, e.tokens(),
                null, null, null, null, null, null, null, null, null, new java.util.TreeMap<>(), false, charges(e));
    }

    /** The event's service tier and per-call counts, so a correction is priced as the event was (rate model v2). */
    private static CallCharges charges(CurrentEvent e) {
        var s = e.source();
        return new CallCharges(ServiceTier.parse(s.getString("service_tier")), s.getLong("requests"),
                s.getLong("search_queries"));
    }
}
