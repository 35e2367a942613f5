package dev.finops.gateway.outbox.app;

import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.outbox.client.IngestUsageClient;
import dev.finops.gateway.outbox.store.OutboxRepository;
import dev.finops.gateway.outbox.store.OutboxRepository.Claimed;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Delivers committed outbox rows to ingest: every {@code publish-every} and shortly after appends, one pass at a time
 * per replica. A pass claims due rows (the claim keeps them from every other pass, on any replica, for
 * {@code claim-lease}), posts them in batches, deletes what ingest took, buries what it refused as invalid, and backs
 * off what could not be delivered. Ingest is idempotent by eventId, so a row sent again after a crash is harmless.
 */
@ApplicationScoped
public class OutboxPublisher {

    /** What one claim-and-send step did: events delivered, whether more may be due, whether ingest failed. */
    private record Step(int delivered, boolean more, boolean failed) {

        static final Step NONE = new Step(0, false, false);
        static final Step FAILED = new Step(0, false, true);

        Step plus(Step next) {
            return new Step(delivered + next.delivered, more || next.more, next.failed);
        }
    }

    private final OutboxRepository outbox;
    private final IngestUsageClient ingest;
    private final OutboxMetrics metrics;
    private final GatewayConfig.Outbox config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile boolean again;
    /** After a failed delivery this replica waits (System.nanoTime) before it tries again, whatever is due. */
    private volatile long pausedUntil = System.nanoTime();
    private volatile int failuresInARow;
    private volatile long pendingCountedAt = System.nanoTime() - Duration.ofHours(1).toNanos();

    public OutboxPublisher(OutboxRepository outbox, IngestUsageClient ingest, OutboxMetrics metrics,
                           GatewayConfig config, Vertx vertx) {
        this.outbox = outbox;
        this.ingest = ingest;
        this.metrics = metrics;
        this.config = config.outbox();
        this.vertx = vertx;
    }

    @Scheduled(every = "${finops.gateway.outbox.publish-every:200ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return publish().replaceWithVoid();
    }

    /** Appends were committed: a pass starts after {@code linger}, so it carries what else arrives meanwhile. */
    public void nudge() {
        if (nudged.compareAndSet(false, true)) {
            vertx.setTimer(Math.max(1, config.linger().toMillis()), id -> {
                nudged.set(false);
                publish().subscribe().with(x -> { }, e -> { });
            });
        }
    }

    /**
     * One pass of this replica: claims and sends until nothing is due or ingest fails. Answers the events it
     * delivered; 0 at once when a pass is running already (that one goes on with what is due).
     */
    public Uni<Integer> publish() {
        if (!running.compareAndSet(false, true)) {
            again = true;
            return Uni.createFrom().item(0);
        }
        again = false;
        return Multi.createBy().repeating().uni(this::step).whilst(Step::more)
                .collect().with(Collectors.summingInt(Step::delivered))
                .call(this::countPending)
                .onFailure().invoke(e -> Log.warnf("usage outbox: publish pass failed, rows stay pending: %s",
                        e.getMessage()))
                .onFailure().recoverWithItem(0)
                .eventually(() -> {
                    running.set(false);
                    if (again) {
                        nudge();
                    }
                });
    }

    private Uni<Step> step() {
        if (System.nanoTime() - pausedUntil < 0) {
            return Uni.createFrom().item(Step.NONE);
        }
        UUID claim = UUID.randomUUID();
        return outbox.claim(config.batchSize(), config.claimLease(), claim).flatMap(rows -> rows.isEmpty()
                ? Uni.createFrom().item(Step.NONE)
                : sendAll(Batches.of(rows, config.maxBatchBytes()), 0, claim, Step.NONE).map(s -> s.failed() ? s
                        : new Step(s.delivered(), s.more() || rows.size() == config.batchSize(), false)));
    }

    /** Batches in order; once one fails (ingest is down) the rest are not tried but backed off with it. */
    private Uni<Step> sendAll(List<List<Claimed>> batches, int i, UUID claim, Step sofar) {
        if (i == batches.size() || sofar.failed()) {
            return Uni.createFrom().item(sofar);
        }
        List<Claimed> untried = batches.subList(i + 1, batches.size()).stream().flatMap(List::stream).toList();
        return send(batches.get(i), claim, untried).flatMap(s -> sendAll(batches, i + 1, claim, sofar.plus(s)));
    }

    /** Sends one batch; when ingest fails, {@code untried} (rows of this claim not sent yet) backs off with it. */
    private Uni<Step> send(List<Claimed> batch, UUID claim, List<Claimed> untried) {
        return ingest.post(Batches.body(batch)).flatMap(answer -> {
            if (answer instanceof IngestAnswer.Rejected r) {
                return rejected(batch, claim, r, untried);
            }
            if (answer instanceof IngestAnswer.Failed f) {
                return failed(batch, claim, f, untried);
            }
            return delivered(batch);
        });
    }

    private Uni<Step> delivered(List<Claimed> batch) {
        failuresInARow = 0;
        return outbox.delete(ids(batch)).map(n -> {
            metrics.delivered(batch.size());
            return new Step(batch.size(), false, false);
        });
    }

    /** Ingest named the bad events: they die, the rest is due again at once. Named none: halve until it does. */
    private Uni<Step> rejected(List<Claimed> batch, UUID claim, IngestAnswer.Rejected r, List<Claimed> untried) {
        failuresInARow = 0;
        Map<Long, String> dead = new HashMap<>();
        r.byIndex().forEach((index, why) -> {
            if (index >= 0 && index < batch.size()) {
                dead.put(batch.get(index).id(), truncate(why));
            }
        });
        if (dead.isEmpty() && batch.size() > 1) {
            List<Claimed> first = batch.subList(0, batch.size() / 2);
            List<Claimed> second = batch.subList(batch.size() / 2, batch.size());
            return send(first, claim, concat(second, untried)).flatMap(a -> a.failed() ? Uni.createFrom().item(a)
                    : send(second, claim, untried).map(a::plus));
        }
        if (dead.isEmpty()) {
            dead.put(batch.get(0).id(), truncate(r.detail()));
        }
        List<Long> rest = batch.stream().map(Claimed::id).filter(id -> !dead.containsKey(id)).toList();
        Log.warnf("usage outbox: ingest refused %d of %d events as invalid; kept dead in gateway.usage_outbox: %s",
                dead.size(), batch.size(), String.join(" | ", dead.values()));
        return outbox.bury(dead)
                .call(() -> rest.isEmpty() ? Uni.createFrom().voidItem()
                        : outbox.release(rest, claim).replaceWithVoid())
                .map(n -> {
                    metrics.dead(dead.size());
                    return new Step(0, true, false);
                });
    }

    private Uni<Step> failed(List<Claimed> batch, UUID claim, IngestAnswer.Failed f, List<Claimed> untried) {
        int failures = ++failuresInARow;
        Duration pause = backoff(failures);
        if (f.retryAfter() != null && f.retryAfter().compareTo(pause) > 0) {
            pause = f.retryAfter().compareTo(config.backoffCap()) > 0 ? config.backoffCap() : f.retryAfter();
        }
        pausedUntil = System.nanoTime() + pause.toNanos();
        Log.warnf("usage outbox: %d events not delivered (%s), retrying in %d ms: %s", batch.size(), f.reason(),
                pause.toMillis(), f.message());
        metrics.failed(f.reason(), batch.size());
        return outbox.retryLater(ids(concat(batch, untried)), claim, config.backoffBase(), config.backoffCap(),
                        truncate(f.reason() + ": " + f.message()))
                .map(n -> Step.FAILED);
    }

    private Uni<Void> countPending() {
        long now = System.nanoTime();
        if (now - pendingCountedAt < Duration.ofSeconds(1).toNanos()) {
            return Uni.createFrom().voidItem();
        }
        pendingCountedAt = now;
        return outbox.pending().invoke(metrics::pending).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private Duration backoff(int failures) {
        long millis = config.backoffBase().toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.backoffCap().toMillis()));
    }

    private static List<Long> ids(List<Claimed> rows) {
        return rows.stream().map(Claimed::id).toList();
    }

    private static List<Claimed> concat(List<Claimed> a, List<Claimed> b) {
        List<Claimed> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String truncate(String s) {
        return s == null ? null : s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
