package dev.finops.ingest.service;

import dev.finops.http.problem.FieldError;
import dev.finops.http.problem.ProblemException;
import dev.finops.ingest.config.IngestConfig;
import dev.finops.ingest.repository.UsageWriteRepository;
import dev.finops.ingest.repository.UsageWriteRepository.StoredAnswer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Group commit: requests that arrive while a transaction is running wait in a queue and are
 * written together by the next one, so concurrent requests share one transaction and one
 * insert per table. A request is answered only after its transaction committed. Each transaction in flight holds
 * a lane of its own for the hourly rollups, so concurrent commits do not wait on each other's row locks.
 * See docs/decisions/0004-group-commit-and-plain-sql.md.
 */
@ApplicationScoped
public class UsageCommitter {

    /** One request's events and the caller waiting for them. */
    private record PendingWrite(List<PricedEvent> events, boolean batch,
                                UniEmitter<? super List<IngestedEvent>> caller) {
    }

    /** Thrown inside a transaction to roll it back when some requests reuse an eventId with another body. */
    private static final class ConflictingWrites extends RuntimeException {
        final Map<PendingWrite, List<PricedEvent>> conflicts;

        ConflictingWrites(Map<PendingWrite, List<PricedEvent>> conflicts) {
            super(null, null, false, false);
            this.conflicts = conflicts;
        }
    }

    /** What a committed transaction did: the answers per request and what the metrics count. */
    private record GroupOutcome(List<List<IngestedEvent>> answers, List<PricedEvent> stored, int newRuns,
                                int duplicates) {
    }

    private final Pool pool;
    private final UsageWriteRepository repository;
    private final IngestMetrics metrics;
    private final int maxEventsPerCommit;
    private final Queue<PendingWrite> queue = new ConcurrentLinkedQueue<>();
    /** Rollup lanes not in use: one per transaction in flight, at most max-concurrent-commits. */
    private final Queue<Integer> freeLanes = new ConcurrentLinkedQueue<>();

    public UsageCommitter(Pool pool, UsageWriteRepository repository, IngestMetrics metrics, IngestConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.metrics = metrics;
        this.maxEventsPerCommit = config.maxEventsPerCommit();
        for (int lane = 0; lane < config.maxConcurrentCommits(); lane++) {
            freeLanes.add(lane);
        }
    }

    /** Stores the events of one request durably; answers one result per event, in request order. */
    public Uni<List<IngestedEvent>> commit(List<PricedEvent> events, boolean batch) {
        return Uni.createFrom().emitter(caller -> {
            queue.add(new PendingWrite(events, batch, caller));
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            Integer lane = freeLanes.poll();
            if (lane == null) {
                return; // every lane busy: the next one to finish drains the queue
            }
            List<PendingWrite> group = takeGroup();
            if (group.isEmpty()) {
                freeLanes.add(lane);
                continue;
            }
            write(group, lane).subscribe().with(done -> finished(lane), failure -> finished(lane));
        }
    }

    private void finished(int lane) {
        freeLanes.add(lane);
        drain();
    }

    private List<PendingWrite> takeGroup() {
        List<PendingWrite> group = new ArrayList<>();
        int events = 0;
        PendingWrite next;
        while (events < maxEventsPerCommit && (next = queue.poll()) != null) {
            group.add(next);
            events += next.events().size();
        }
        return group;
    }

    private Uni<Void> write(List<PendingWrite> group, int lane) {
        long start = System.nanoTime();
        return pool.withTransaction(conn -> transaction(conn, group, lane))
                .invoke(outcome -> {
                    metrics.committed(System.nanoTime() - start, group.stream().mapToInt(w -> w.events().size()).sum());
                    outcome.stored().forEach(metrics::stored);
                    metrics.runsStarted(outcome.newRuns());
                    metrics.duplicates(outcome.duplicates());
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).caller().complete(outcome.answers().get(i));
                    }
                })
                .replaceWithVoid()
                .onFailure(ConflictingWrites.class).recoverWithUni(e -> rejectConflicts(group, lane,
                        (ConflictingWrites) e))
                .onFailure().recoverWithUni(e -> group.size() > 1 ? writeEachAlone(group, lane) : failed(group.get(0), e));
    }

    private Uni<Void> rejectConflicts(List<PendingWrite> group, int lane, ConflictingWrites e) {
        e.conflicts.forEach((write, events) -> {
            metrics.rejected("conflict", write.events().size());
            List<FieldError> errors = events.stream().map(p -> new FieldError(
                    (write.batch() ? "[" + p.index() + "]." : "") + "eventId",
                    "'" + p.event().eventId() + "' was already accepted with a different body",
                    write.batch() ? p.index() : null)).toList();
            write.caller().fail(new ProblemException(Response.Status.CONFLICT,
                    "An eventId was reused with a different body; nothing of this request was stored.", errors));
        });
        List<PendingWrite> rest = group.stream().filter(w -> !e.conflicts.containsKey(w)).toList();
        return rest.isEmpty() ? Uni.createFrom().voidItem() : write(rest, lane);
    }

    /** A shared transaction failed: retry each request in its own, so one cannot fail the others. */
    private Uni<Void> writeEachAlone(List<PendingWrite> group, int lane) {
        return Multi.createFrom().iterable(group).onItem().transformToUniAndConcatenate(w -> write(List.of(w), lane))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> failed(PendingWrite write, Throwable e) {
        Log.error("usage events could not be stored", e);
        metrics.rejected("store_failed", write.events().size());
        write.caller().fail(new ProblemException(Response.Status.SERVICE_UNAVAILABLE,
                "The events could not be stored and none of them were; retry the request."));
        return Uni.createFrom().voidItem();
    }

    private Uni<GroupOutcome> transaction(SqlConnection conn, List<PendingWrite> group, int lane) {
        TreeMap<EventKey, PricedEvent> first = new TreeMap<>();
        for (PendingWrite w : group) {
            for (PricedEvent e : w.events()) {
                first.putIfAbsent(e.key(), e);
            }
        }
        List<PricedEvent> candidates = List.copyOf(first.values());
        return repository.claimKeys(conn, candidates).flatMap(claimed -> {
            Set<EventKey> seenBefore = new HashSet<>(first.keySet());
            seenBefore.removeAll(claimed);
            return repository.storedAnswers(conn, seenBefore).flatMap(stored -> {
                Map<PendingWrite, List<PricedEvent>> conflicts = conflicts(group, first, stored);
                if (!conflicts.isEmpty()) {
                    return Uni.createFrom().failure(new ConflictingWrites(conflicts));
                }
                List<PricedEvent> fresh = candidates.stream().filter(e -> claimed.contains(e.key())).toList();
                return repository.insertEvents(conn, fresh)
                        .chain(() -> repository.addToRollups(conn, UsageWriteRepository.rollupsOf(fresh), lane))
                        .chain(() -> repository.recordRuns(conn, fresh))
                        .map(newRuns -> answers(group, first, claimed, stored, fresh, newRuns));
            });
        });
    }

    private static Map<PendingWrite, List<PricedEvent>> conflicts(List<PendingWrite> group,
            Map<EventKey, PricedEvent> first, Map<EventKey, StoredAnswer> stored) {
        Map<PendingWrite, List<PricedEvent>> conflicts = new java.util.LinkedHashMap<>();
        for (PendingWrite w : group) {
            for (PricedEvent e : w.events()) {
                StoredAnswer before = stored.get(e.key());
                String expected = before != null ? before.fingerprint() : first.get(e.key()).fingerprint();
                if (!expected.equals(e.fingerprint())) {
                    conflicts.computeIfAbsent(w, x -> new ArrayList<>()).add(e);
                }
            }
        }
        return conflicts;
    }

    private static GroupOutcome answers(List<PendingWrite> group, Map<EventKey, PricedEvent> first,
                                        Set<EventKey> claimed, Map<EventKey, StoredAnswer> stored,
                                        List<PricedEvent> fresh, int newRuns) {
        List<List<IngestedEvent>> results = new ArrayList<>(group.size());
        int duplicates = 0;
        for (PendingWrite w : group) {
            List<IngestedEvent> answers = new ArrayList<>(w.events().size());
            for (PricedEvent e : w.events()) {
                EventKey key = e.key();
                if (claimed.contains(key)) {
                    PricedEvent original = first.get(key);
                    IngestedEvent answer = new IngestedEvent(key.eventId(), original.costUsd(),
                            original.rateVersion(), original.priced(), false, original.provisional(),
                            original.pricedModel(), original.costBreakdown());
                    answers.add(original == e ? answer : answer.asDuplicate());
                    duplicates += original == e ? 0 : 1;
                } else {
                    StoredAnswer s = stored.get(key);
                    answers.add(new IngestedEvent(key.eventId(), s.costUsd(), s.rateVersion(), s.costUsd() != null,
                            true, s.provisional(), null, null));
                    duplicates++;
                }
            }
            results.add(answers);
        }
        return new GroupOutcome(results, fresh, newRuns, duplicates);
    }
}
