package dev.finops.anomaly.service;

import dev.finops.anomaly.Anomaly;
import dev.finops.anomaly.repository.AnomalyRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The anomaly history as the API shows it; the window defaults to the last 7 days. */
@ApplicationScoped
public class AnomalyQueries {

    private final Pool pool;
    private final AnomalyRepository anomalies;
    private final Clock clock;

    public AnomalyQueries(Pool pool, AnomalyRepository anomalies, Clock clock) {
        this.pool = pool;
        this.anomalies = anomalies;
        this.clock = clock;
    }

    /** One episode: what an alert's link (generatorURL) points at. */
    public Uni<java.util.Optional<Anomaly>> one(java.util.UUID id) {
        return anomalies.find(pool, id);
    }

    /** Episodes of one team when {@code teamId} is set, else of every team and the org. */
    public Uni<List<Anomaly>> history(Instant from, Instant to, String agentId, String type, String state,
                                      String teamId, int limit) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : from;
        return anomalies.history(pool, start, end, agentId, type, state, teamId, limit);
    }
}
