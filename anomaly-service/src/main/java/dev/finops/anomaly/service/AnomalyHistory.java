package dev.finops.anomaly.service;

import dev.finops.anomaly.Anomaly;
import dev.finops.anomaly.Finding;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.AnomalyRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns one detector run's findings into anomaly episodes with hysteresis: a breach opens one (and hands a
 * firing alert over); it resolves (and hands the resolution over) only after its ratio has stayed at or below
 * threshold x clear-factor for resolve-after. In between it stays open without flapping.
 */
@ApplicationScoped
public class AnomalyHistory {

    private final AnomalyRepository anomalies;
    private final AlertHandover alerts;
    private final AnomalyConfig.Detectors config;

    public AnomalyHistory(AnomalyRepository anomalies, AlertHandover alerts, AnomalyConfig config) {
        this.anomalies = anomalies;
        this.alerts = alerts;
        this.config = config.detectors();
    }

    public Uni<Void> reconcile(SqlClient tx, String type, List<Finding> findings, Instant now) {
        return anomalies.open(tx, type).flatMap(open -> {
            Map<String, Anomaly> bySubject = new HashMap<>();
            // every open episode matches its subject (one open per subject is a unique index), but one that
            // starts after now (this replica's clock behind) is not cleared by this replica
            open.forEach(a -> bySubject.put(a.scope() + "|" + a.scopeId(), a));
            List<Supplier<Uni<Void>>> steps = new ArrayList<>();
            for (Finding f : findings) {
                Anomaly existing = bySubject.remove(f.scope() + "|" + f.scopeId());
                if (existing == null) {
                    if (f.breached()) {
                        steps.add(() -> anomalies.insertOpen(tx, f, now).flatMap(a -> alerts.firing(tx, a, now)));
                    }
                } else if (f.breached()) {
                    steps.add(() -> anomalies.seen(tx, existing.id(), f, now));
                } else if (!f.clear(config.clearFactor())) {
                    steps.add(() -> anomalies.inBand(tx, existing.id()));
                } else {
                    steps.add(() -> clearing(tx, existing, now));
                }
            }
            bySubject.values().stream().filter(a -> !a.firstSeen().isAfter(now))
                    .forEach(a -> steps.add(() -> clearing(tx, a, now)));  // no data any more: clear
            return sequence(steps);
        });
    }

    private Uni<Void> clearing(SqlClient tx, Anomaly a, Instant now) {
        Instant since = a.clearSince() == null ? now : a.clearSince();
        if (Duration.between(since, now).compareTo(config.resolveAfter()) >= 0) {
            return anomalies.resolve(tx, a.id(), now).flatMap(resolved -> alerts.resolved(tx, resolved, now));
        }
        return anomalies.clearing(tx, a.id(), since);
    }

    private static Uni<Void> sequence(List<Supplier<Uni<Void>>> steps) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Supplier<Uni<Void>> step : steps) {
            chain = chain.chain(() -> step.get());
        }
        return chain;
    }
}
