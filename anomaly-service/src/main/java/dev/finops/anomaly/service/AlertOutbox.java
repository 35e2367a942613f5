package dev.finops.anomaly.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.anomaly.client.BudgetAlertClient;
import dev.finops.anomaly.config.AnomalyConfig;
import dev.finops.anomaly.repository.OutboxRepository;
import dev.finops.anomaly.repository.OutboxRepository.Pending;
import dev.finops.http.auth.AuthConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Sends queued alert hand-overs to budget-service, in order per dedupKey, retrying with backoff until taken. */
@io.quarkus.runtime.Startup // its series exist from start-up
@ApplicationScoped
public class AlertOutbox {

    private static final Duration LEASE = Duration.ofMinutes(2);

    private final Pool pool;
    private final OutboxRepository outbox;
    private final BudgetAlertClient budget;
    private final AnomalyConfig.Alerts config;
    private final String authorization;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ObjectMapper json;

    public AlertOutbox(Pool pool, OutboxRepository outbox, @RestClient BudgetAlertClient budget, AnomalyConfig config,
                       AuthConfig auth, Clock clock, MeterRegistry registry, ObjectMapper json) {
        this.pool = pool;
        this.outbox = outbox;
        this.budget = budget;
        this.config = config.alerts();
        this.authorization = "Bearer " + auth.serviceKey().orElse("");
        this.clock = clock;
        this.registry = registry;
        this.json = json;
        for (String result : new String[] {"delivered", "failed"}) {
            registry.counter("finops_anomaly_alerts_total", "result", result); // series exist from the start at 0
        }
    }

    @Scheduled(every = "${finops.anomaly.alerts.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return deliverDue().replaceWithVoid().onFailure().invoke(e -> Log.warnf("alert outbox not sent: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** What one sweep did: hand-overs tried, and how many of them budget-service took. */
    public record Sent(int attempted, int delivered) {
    }

    /** Sends what is due now. */
    public Uni<Sent> deliverDue() {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> outbox.lease(tx, now, LEASE, config.batchSize()))
                .flatMap(due -> send(due, 0, 0).map(delivered -> new Sent(due.size(), delivered)));
    }

    private Uni<Integer> send(List<Pending> due, int index, int delivered) {
        if (index == due.size()) {
            return Uni.createFrom().item(delivered);
        }
        Pending p = due.get(index);
        return Uni.createFrom().item(() -> parse(p.payload()))
                .flatMap(body -> budget.submit(body, authorization))
                .invoke(r -> {
                    if (r.getStatus() / 100 != 2) {
                        throw new IllegalStateException("budget-service answered " + r.getStatus());
                    }
                })
                .flatMap(r -> outbox.delivered(pool, p.id(), clock.instant()).replaceWith(true))
                .invoke(ok -> registry.counter("finops_anomaly_alerts_total", "result", "delivered").increment())
                .onFailure().recoverWithUni(e -> {
                    Instant next = clock.instant().plus(backoff(p.attempts()));
                    Log.warnf("alert %s not taken by budget-service (attempt %d, next %s): %s", p.dedupKey(),
                            p.attempts() + 1, next, e.getMessage());
                    registry.counter("finops_anomaly_alerts_total", "result", "failed").increment();
                    return outbox.failed(pool, p.id(), next, String.valueOf(e.getMessage())).replaceWith(false);
                })
                .flatMap(ok -> send(due, index + 1, delivered + (ok ? 1 : 0)));
    }

    private JsonNode parse(String payload) {
        try {
            return json.readTree(payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("outbox payload is not JSON", e);
        }
    }

    private Duration backoff(int attempts) {
        Duration wait = config.backoff().multipliedBy(1L << Math.min(attempts, 20));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }
}
