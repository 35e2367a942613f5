package dev.finops.budget.service;

import dev.finops.budget.config.BudgetConfig;
import dev.finops.budget.repository.ChannelRepository;
import dev.finops.budget.repository.DeliveryRepository;
import dev.finops.budget.repository.DeliveryRepository.Due;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sends due outbox rows: 2xx delivers, 410 disables the channel, anything else is retried with backoff
 * (Retry-After honoured) until the last attempt dead-letters it — except an active condition to an Alertmanager,
 * which is retried at least every re-send interval until it ends (Prometheus never gives a firing alert up either).
 * State lives in the database only, so a restart resumes where it stopped.
 */
@ApplicationScoped
public class DeliveryWorker {

    private final Pool pool;
    private final DeliveryRepository deliveries;
    private final ChannelRepository channels;
    private final AlertPayloads payloads;
    private final EmailSender email;
    private final SecretBox secrets;
    private final BudgetConfig config;
    private final AlertMetrics metrics;
    private final AlertDestinations destinations;
    private final HttpClient http;

    public DeliveryWorker(Pool pool, DeliveryRepository deliveries, ChannelRepository channels, AlertPayloads payloads,
                          EmailSender email, SecretBox secrets, BudgetConfig config, AlertMetrics metrics,
                          AlertDestinations destinations) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.channels = channels;
        this.payloads = payloads;
        this.email = email;
        this.secrets = secrets;
        this.config = config;
        this.metrics = metrics;
        this.destinations = destinations;
        this.http = HttpClient.newBuilder().connectTimeout(config.delivery().timeout()).build();
    }

    @Scheduled(every = "${finops.budget.delivery.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return deliverDue().replaceWithVoid().onFailure().invoke(e -> Log.warnf("alert delivery sweep failed: %s",
                e.getMessage())).onFailure().recoverWithNull();
    }

    /** Sends every delivery due now; answers how many were attempted. */
    public Uni<Integer> deliverDue() {
        Instant now = Instant.now();
        Duration lease = config.delivery().timeout().multipliedBy(3);
        return deliveries.claim(pool, now, lease, config.delivery().batchSize(), secrets::open)
                .flatMap(due -> due.isEmpty() ? Uni.createFrom().item(0)
                        : Uni.join().all(due.stream().map(this::attempt).toList()).andCollectFailures()
                                .map(List::size));
    }

    private Uni<Void> attempt(Due d) {
        String channelType = d.channel().type().name();
        Uni<Result> sent = d.channel().type() == dev.finops.budget.AlertChannel.Type.email
                ? email.send(d.alert(), d.channel()).map(x -> new Result(250, null, null))
                : post(d);
        return sent.onFailure().recoverWithItem(e -> new Result(null, String.valueOf(e.getMessage()), null))
                .flatMap(r -> record(d, r, channelType));
    }

    private record Result(Integer status, String error, String retryAfter) {
        boolean ok() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private Uni<Result> post(Due d) {
        AlertPayloads.Outgoing out = payloads.build(d.alert(), d.channel(), Instant.now());
        URI url = URI.create(out.url());
        return Uni.createFrom().item(() -> destinations.refusal(url))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(refusal -> refusal.isPresent()
                        ? Uni.createFrom().item(new Result(null, "not sent: " + refusal.get(), null))
                        : send(out));
    }

    private Uni<Result> send(AlertPayloads.Outgoing out) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(out.url())).timeout(config.delivery().timeout())
                .header("Content-Type", "application/json").header("User-Agent", "finops-budget-service")
                .POST(HttpRequest.BodyPublishers.ofString(out.body()));
        out.headers().forEach(request::header);
        return Uni.createFrom().completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .map(resp -> new Result(resp.statusCode(), resp.statusCode() / 100 == 2 ? null
                        : "HTTP " + resp.statusCode() + ": " + truncate(resp.body()),
                        resp.headers().firstValue("Retry-After").orElse(null)));
    }

    private Uni<Void> record(Due d, Result r, String channelType) {
        if (r.ok()) {
            // the time to deliver is the first send's: a re-send was not late
            metrics.delivered(channelType, d.sends() == 0 ? Duration.between(d.alert().createdAt(), Instant.now()) : null);
            return deliveries.delivered(pool, d.id(), r.status());
        }
        if (r.status() != null && r.status() == 410) {
            metrics.dead(channelType);
            String reason = "receiver answered 410 Gone: channel disabled";
            Log.warnf("alert channel '%s' disabled: %s", d.channel().name(), reason);
            return pool.withTransaction(tx -> deliveries.failed(tx, d.id(), 410, reason, null)
                    .call(() -> channels.disable(tx, d.channel().id(), reason))
                    .call(() -> deliveries.deadForChannel(tx, d.channel().id(), reason)));
        }
        int attempts = d.attempts() + 1;
        metrics.failed(channelType);
        Instant now = Instant.now();
        if (resentWhileActive(d)) {
            // like Prometheus: an Alertmanager is sent an active condition until it ends, at least every interval
            Duration interval = config.alerts().resendInterval();
            Duration wait = Backoff.after(config.delivery().backoff(), attempts, Backoff.retryAfter(r.retryAfter(), now));
            return deliveries.failed(pool, d.id(), r.status(), r.error(), now.plus(wait.compareTo(interval) < 0 ? wait
                    : interval));
        }
        if (attempts >= config.delivery().maxAttempts()) {
            metrics.dead(channelType);
            Log.warnf("alert %s dead-lettered for channel '%s' after %d attempts: %s", d.alert().id(),
                    d.channel().name(), attempts, r.error());
            return deliveries.failed(pool, d.id(), r.status(), r.error(), null);
        }
        Duration wait = Backoff.after(config.delivery().backoff(), attempts, Backoff.retryAfter(r.retryAfter(), now));
        return deliveries.failed(pool, d.id(), r.status(), r.error(), now.plus(wait));
    }

    private static boolean resentWhileActive(Due d) {
        return d.channel().type() == dev.finops.budget.AlertChannel.Type.alertmanager && d.alert().active();
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) : s;
    }
}
