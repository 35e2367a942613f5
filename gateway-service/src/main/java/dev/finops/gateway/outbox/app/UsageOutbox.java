package dev.finops.gateway.outbox.app;

import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.outbox.store.OutboxRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The durable outbox of usage events in the gateway schema: {@link #append} completes once the event is committed,
 * and a publisher delivers committed events to ingest in batches until ingest acknowledges them.
 *
 * <p>Group commit (as ingest's, docs/decisions/0004): appends that arrive while an INSERT runs wait in a bounded
 * queue and the next INSERT carries all of them, so a thousand appends a second cost a few dozen transactions.
 */
@ApplicationScoped
public class UsageOutbox {

    /** One append and the caller waiting for its commit. */
    private record Pending(String eventId, String event, UniEmitter<? super Void> caller) {
    }

    private final OutboxRepository repository;
    private final OutboxPublisher publisher;
    private final GatewayConfig.Outbox config;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    public UsageOutbox(OutboxRepository repository, OutboxPublisher publisher, GatewayConfig config) {
        this.repository = repository;
        this.publisher = publisher;
        this.config = config.outbox();
    }

    /**
     * Commits the event (group-committed with concurrent appends); completes when it is durable. Fails with
     * INVALID for a record without eventId, timestamp or model, UNAVAILABLE when it could not be stored or too many
     * appends are waiting already. An eventId already in the outbox is kept as first appended.
     */
    public Uni<Void> append(UsageRecord usage) {
        return Uni.createFrom().emitter(caller -> {
            String event = UsageJson.of(usage);
            if (queued.incrementAndGet() > config.maxQueued()) {
                queued.decrementAndGet();
                caller.fail(new GatewayException(GatewayException.Kind.UNAVAILABLE, null,
                        "the usage outbox has " + config.maxQueued() + " events waiting to be stored; retry shortly",
                        1));
                return;
            }
            queue.add(new Pending(usage.eventId(), event, caller));
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            if (inFlight.incrementAndGet() > config.maxConcurrentInserts()) {
                inFlight.decrementAndGet();
                return;  // the next INSERT to finish drains the queue
            }
            List<Pending> group = takeGroup();
            if (group.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            insert(group).subscribe().with(x -> finished(), e -> finished());
        }
    }

    private void finished() {
        inFlight.decrementAndGet();
        drain();
    }

    private List<Pending> takeGroup() {
        List<Pending> group = new ArrayList<>();
        Pending next;
        while (group.size() < config.maxRowsPerInsert() && (next = queue.poll()) != null) {
            group.add(next);
        }
        queued.addAndGet(-group.size());
        return group;
    }

    private Uni<Void> insert(List<Pending> group) {
        return repository.insert(group.stream().map(Pending::eventId).toList(),
                        group.stream().map(Pending::event).toList())
                .invoke(() -> {
                    group.forEach(p -> p.caller().complete(null));
                    publisher.nudge();
                })
                // one bad row must not fail the others: each is tried alone
                .onFailure().recoverWithUni(e -> group.size() > 1 ? insertEachAlone(group) : failed(group.get(0), e));
    }

    private Uni<Void> insertEachAlone(List<Pending> group) {
        return Multi.createFrom().iterable(group).onItem().transformToUniAndConcatenate(p -> insert(List.of(p)))
                .collect().last().replaceWithVoid();
    }

    private static Uni<Void> failed(Pending p, Throwable e) {
        Log.errorf("usage event %s could not be stored in the outbox: %s", p.eventId(), e.getMessage());
        p.caller().fail(new GatewayException(GatewayException.Kind.UNAVAILABLE, null,
                "the usage event could not be stored; nothing was recorded", 1));
        return Uni.createFrom().voidItem();
    }
}
