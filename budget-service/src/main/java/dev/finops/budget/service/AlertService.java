package dev.finops.budget.service;

import dev.finops.budget.Alert;
import dev.finops.budget.repository.AlertRepository;
import dev.finops.budget.repository.DeliveryRepository;
import dev.finops.budget.repository.DeliveryRepository.Delivery;
import dev.finops.budget.rest.AlertRequest;
import dev.finops.http.auth.TeamScope;
import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Alerts from other services, the alert history with deliveries, and resending dead letters. */
@ApplicationScoped
public class AlertService {

    /** The answer to a hand-over: the alert's id and whether its dedupKey was seen before. */
    public record Accepted(UUID alertId, String dedupKey, boolean duplicate) {
    }

    /** An alert with what happened to it on each channel. */
    public record AlertView(Alert alert, List<Delivery> deliveries) {
    }

    private final Pool pool;
    private final AlertRepository alerts;
    private final DeliveryRepository deliveries;
    private final AlertMetrics metrics;
    private final BudgetService budgets;

    public AlertService(Pool pool, AlertRepository alerts, DeliveryRepository deliveries, AlertMetrics metrics,
                        BudgetService budgets) {
        this.budgets = budgets;
        this.pool = pool;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    /**
     * A firing alert is stored once per dedupKey. A resolved one ends the firing alert of that dedupKey (delivered to
     * the channels it went to, after it); without a firing alert it is delivered like any other.
     */
    public Uni<Accepted> submit(AlertRequest r, String source, TeamScope caller) {
        Alert alert = validate(r, source, r == null ? null : caller.resolve("teamId", r.team()));
        if (alert.kind() == Alert.Kind.resolution) {
            return alerts.condition(pool, r.dedupKey()).flatMap(firing -> firing.isPresent()
                    ? resolve(firing.get(), alert)
                    : insert(alert, r.dedupKey()));
        }
        return insert(alert, r.dedupKey()).invoke(a -> {
            if (!a.duplicate()) {
                metrics.fired("external");
            }
        });
    }

    private Uni<Accepted> insert(Alert alert, String dedupKey) {
        return pool.withTransaction(tx -> alerts.insertNew(tx, List.of(alert)).flatMap(ids -> ids.isEmpty()
                ? tx.preparedQuery("SELECT id FROM alerts WHERE dedup_key = $1").execute(Tuple.of(alert.dedupKey()))
                        .map(rows -> new Accepted(rows.iterator().next().getUUID("id"), dedupKey, true))
                : Uni.createFrom().item(new Accepted(alert.id(), dedupKey, false))));
    }

    private Uni<Accepted> resolve(Alert firing, Alert handedOver) {
        Alert resolution = firing.resolvedBy(handedOver.summary(), handedOver.details(), handedOver.createdAt());
        return pool.withTransaction(tx -> alerts.resolve(tx, firing.id(), resolution)).flatMap(ended -> {
            if (ended) {
                metrics.resolved("external", 1);
                return Uni.createFrom().item(new Accepted(resolution.id(), firing.dedupKey(), false));
            }
            return pool.preparedQuery("SELECT id FROM alerts WHERE resolves = $1 ORDER BY created_at LIMIT 1")
                    .execute(Tuple.of(firing.id())).map(rows -> new Accepted(rows.iterator().hasNext()
                            ? rows.iterator().next().getUUID("id") : firing.id(), firing.dedupKey(), true));
        });
    }

    /** A team key sees its team's alerts only; a budget of another team is answered 404 (as absent). */
    public Uni<List<AlertView>> recent(UUID budgetId, TeamScope caller, String teamId, int limit) {
        String team = caller.resolve("teamId", teamId);
        Uni<Void> budgetVisible = budgetId == null ? Uni.createFrom().voidItem()
                : budgets.get(budgetId, caller).replaceWithVoid();
        return budgetVisible.chain(() -> alerts.recent(pool, budgetId, team, limit)).flatMap(list -> {
            if (list.isEmpty()) {
                return Uni.createFrom().item(List.of());
            }
            List<Uni<AlertView>> views = list.stream()
                    .map(a -> deliveries.forAlert(pool, a.id()).map(d -> new AlertView(a, d))).toList();
            return Uni.join().all(views).andFailFast();
        });
    }

    public Uni<Integer> resend(UUID alertId) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT 1 FROM alerts WHERE id = $1").execute(Tuple.of(alertId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(alertId);
                    }
                    return deliveries.resend(tx, alertId);
                }));
    }

    public static ProblemException notFound(Object id) {
        return new ProblemException(Response.Status.NOT_FOUND, "No alert with id " + id + ".");
    }

    private static Alert validate(AlertRequest r, String source, String teamId) {
        if (r == null) {
            throw ProblemException.badRequest("body", "send an alert as a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        required("type", r.type(), 100, errors);
        required("dedupKey", r.dedupKey(), 300, errors);
        required("summary", r.summary(), 2000, errors);
        if (teamId != null && teamId.length() > 200) {
            errors.add(new FieldError("teamId", "at most 200 characters"));
        }
        boolean resolved = "resolved".equals(r.state());
        if (r.state() != null && !resolved && !"firing".equals(r.state())) {
            errors.add(new FieldError("state", "must be firing or resolved"));
        }
        Alert.Severity severity = null;
        try {
            severity = Alert.Severity.parse(r.severity());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("severity", e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Response.Status.BAD_REQUEST,
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
        Map<String, Object> details = new java.util.LinkedHashMap<>(r.details() == null ? Map.of() : r.details());
        if (resolved) {
            details.put("resolvesDedupKey", r.dedupKey());
        }
        return new Alert(UUID.randomUUID(), resolved ? r.dedupKey() + ":resolved" : r.dedupKey(), r.type(), severity,
                r.summary(), details, null, teamId, source, Instant.now(),
                resolved ? Alert.Kind.resolution : Alert.Kind.condition, null, null);
    }

    private static void required(String field, String value, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > max) {
            errors.add(new FieldError(field, "at most " + max + " characters"));
        }
    }
}
