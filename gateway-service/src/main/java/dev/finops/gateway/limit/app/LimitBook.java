package dev.finops.gateway.limit.app;

import dev.finops.gateway.limit.store.LimitRepository;
import dev.finops.gateway.limit.store.WindowRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every limit definition, in memory: a call with no limit of its own is answered without a round trip. Reloaded
 * after each change made through this replica and every {@code finops.gateway.limits.refresh}, so another replica's
 * change takes effect here within that time.
 */
@Startup
@ApplicationScoped
public class LimitBook {

    private record Key(LimitScope scope, String id) {
    }

    private final LimitRepository repository;
    private final WindowRepository windows;
    private final AtomicLong loadsStarted = new AtomicLong();
    private long applied;
    private volatile Map<Key, RateLimit> limits;  // null until the first load

    public LimitBook(LimitRepository repository, WindowRepository windows) {
        this.repository = repository;
        this.windows = windows;
        refresh().subscribe().with(x -> { }, e -> Log.warnf("rate limits not loaded yet: %s", e.getMessage()));
    }

    @Scheduled(every = "${finops.gateway.limits.refresh:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh().onFailure().invoke(e -> Log.warnf("rate limits not reloaded (the last ones stay): %s",
                e.getMessage())).onFailure().recoverWithNull();
    }

    /** Windows of ended minutes are of no use to anybody. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeWindows() {
        return windows.purgeOlderThan(5).replaceWithVoid().onFailure().recoverWithNull();
    }

    /** Reads the definitions afresh (a load started before a change never overwrites one started after it). */
    public Uni<Void> refresh() {
        long load = loadsStarted.incrementAndGet();
        return repository.all().invoke(all -> {
            Map<Key, RateLimit> byKey = new HashMap<>();
            all.forEach(l -> byKey.put(new Key(l.scope(), l.id()), l));
            synchronized (this) {
                if (load > applied) {
                    applied = load;
                    limits = Map.copyOf(byKey);
                }
            }
        }).replaceWithVoid();
    }

    /** Completes once the definitions were loaded (at once, after the first load). */
    public Uni<Void> ready() {
        return limits != null ? Uni.createFrom().voidItem() : refresh();
    }

    public boolean loaded() {
        return limits != null;
    }

    /** The limits of the caller's key, team and agent (those set), in that order. */
    public List<RateLimit> matching(LimitSubject subject) {
        Map<Key, RateLimit> all = limits;
        if (all == null || all.isEmpty()) {
            return List.of();
        }
        List<RateLimit> found = new ArrayList<>(3);
        add(found, all, LimitScope.KEY, subject.keyId());
        add(found, all, LimitScope.TEAM, subject.teamId());
        add(found, all, LimitScope.AGENT, subject.agentId());
        return found;
    }

    private static void add(List<RateLimit> found, Map<Key, RateLimit> all, LimitScope scope, String id) {
        RateLimit l = id == null ? null : all.get(new Key(scope, id));
        if (l != null) {
            found.add(l);
        }
    }
}
