package dev.finops.budget.service;

import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import dev.finops.budget.config.BudgetConfig;
import dev.finops.budget.repository.PeriodSpend;
import dev.finops.budget.repository.ReservationRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * This replica's leases: per hard-capped budget and period, headroom reserved in Postgres by the same conditional
 * update as an exact check (so all replicas together stay within the limit), from which checks are answered in
 * memory while the budget is far from its cap (docs/decisions/0014-budget-check-leases.md).
 */
@ApplicationScoped
public class CheckLeases {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Pool pool;
    private final BudgetSnapshot snapshot;
    private final ReservationRepository reservations;
    private final BudgetConfig config;
    private final Counter granted;
    private final Map<String, BudgetLease> leases = new ConcurrentHashMap<>();
    private final Map<String, Uni<Void>> renewals = new ConcurrentHashMap<>();
    private final Map<String, Long> deniedUntilNanos = new ConcurrentHashMap<>();

    public CheckLeases(Pool pool, BudgetSnapshot snapshot, ReservationRepository reservations, BudgetConfig config,
                       MeterRegistry registry) {
        this.pool = pool;
        this.snapshot = snapshot;
        this.reservations = reservations;
        this.config = config;
        this.granted = reservationCounter(registry, "lease");
    }

    /** Reservations checks take in Postgres: a lease granted, or one check's estimate near a cap. */
    static Counter reservationCounter(MeterRegistry registry, String kind) {
        return Counter.builder("finops_budget_check_reservations_total").tag("kind", kind)
                .description("Reservations checks took in Postgres: kind=lease per lease granted, exact per check"
                        + " near a cap")
                .register(registry);
    }

    /**
     * Takes the estimate from this replica's lease of every one of {@code capped}: the period each answer shows, by
     * budget, or null (nothing taken) when a lease is missing, ended or short.
     */
    public Map<UUID, PeriodSpend> take(List<Budget> capped, BigDecimal estimate, Instant now) {
        Map<UUID, PeriodSpend> shown = new HashMap<>();
        List<BudgetLease> taken = new ArrayList<>(capped.size());
        for (Budget b : capped) {
            BudgetLease lease = current(b, now);
            BigDecimal unused = lease == null ? null : lease.take(estimate, now);
            if (unused == null) {
                taken.forEach(l -> l.giveBack(estimate));
                return null;
            }
            taken.add(lease);
            shown.put(b.id(), shown(b, lease, unused, now));
            if (lease.dueForRenewal(now) && leasable(b, BigDecimal.ZERO, now)) {
                renewal(b, b.periodAt(now)).subscribe().with(x -> { }, e -> { });
            }
        }
        return shown;
    }

    /** Grants the missing or short leases of {@code capped} and waits for them, if every one may have a lease now. */
    public Uni<Void> renew(List<Budget> capped, BigDecimal estimate, Instant now) {
        List<Uni<Void>> grants = new ArrayList<>();
        for (Budget b : capped) {
            BudgetLease lease = current(b, now);
            if (lease != null && lease.covers(estimate, now)) {
                continue;
            }
            if (!leasable(b, estimate, now)) {
                return Uni.createFrom().voidItem();  // this check reserves exactly anyway
            }
            grants.add(renewal(b, b.periodAt(now)));
        }
        return all(grants);
    }

    /** Ends the leases past their time: what they handed out stays reserved until it expires, the rest is freed. */
    @Scheduled(every = "${finops.budget.check.lease-ttl:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        long now = System.nanoTime();
        deniedUntilNanos.values().removeIf(until -> until - now <= 0);
        return retireEnded(Instant.now());
    }

    public Uni<Void> retireEnded(Instant now) {
        return retireWhere(lease -> lease.endedBy(now));
    }

    /** Returns what every lease of this replica has not handed out, once the grants under way are done. */
    public Uni<Void> retireAll() {
        return all(List.copyOf(renewals.values())).flatMap(x -> retireWhere(lease -> true));
    }

    /** Best effort: leases not returned here expire like any reservation. */
    void onStop(@Observes ShutdownEvent stop) {
        try {
            retireAll().await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            Log.warnf("unused leases not returned at shutdown (they expire instead): %s", e.getMessage());
        }
    }

    private Uni<Void> retireWhere(Predicate<BudgetLease> which) {
        List<Uni<Void>> retired = new ArrayList<>();
        leases.forEach((key, lease) -> {
            if (which.test(lease)) {
                retired.add(retire(key, lease));
            }
        });
        return all(retired);
    }

    /** One grant at a time per budget and period; concurrent checks that need it wait for the same one. */
    private Uni<Void> renewal(Budget b, BudgetPeriod p) {
        String key = key(b.id(), p.start());
        return renewals.computeIfAbsent(key, k -> grant(b, p, k).onTermination().invoke(() -> renewals.remove(k))
                .memoize().indefinitely());
    }

    private Uni<Void> grant(Budget b, BudgetPeriod p, String key) {
        return Uni.createFrom().deferred(() -> {
            Instant now = Instant.now();
            BudgetLease old = leases.get(key);
            if (old != null && old.covers(BigDecimal.ZERO, now) && !old.dueForRenewal(now)) {
                return Uni.createFrom().voidItem();  // renewed while this one waited
            }
            UUID id = UUID.randomUUID();
            BigDecimal size = size(b);
            Duration ttl = config.check().leaseTtl();
            Instant expires = now.plus(ttl).plus(config.check().leaseSettle());
            return pool.withTransaction(tx -> reservations.reserve(tx, b.id(), p.start(), p.end(), size, ceiling(b))
                            .call(taken -> taken.isEmpty() ? Uni.createFrom().voidItem()
                                    : reservations.insert(tx, id, b.id(), p.start(), size, null, null, expires)))
                    .onFailure(CheckService::isDeadlock).retry().atMost(3)
                    .flatMap(taken -> {
                        if (taken.isEmpty()) {
                            deniedUntilNanos.put(key, System.nanoTime() + config.snapshotRefresh().toNanos());
                            return Uni.createFrom().voidItem();
                        }
                        // the predecessor ends first, so answers from the new lease can count what it returns
                        BigDecimal returned = old == null ? null : old.retire();
                        PeriodSpend s = taken.get();
                        BigDecimal reserved = s.reservedUsd().subtract(returned == null ? BigDecimal.ZERO : returned);
                        Instant end = now.plus(ttl).isBefore(p.end()) ? now.plus(ttl) : p.end();
                        BudgetLease lease = new BudgetLease(id, b.id(), b.hardLimitUsd(), size,
                                new PeriodSpend(b.id(), p.start(), s.spentUsd(), reserved), end,
                                now.plus(ttl.multipliedBy(3).dividedBy(4)));
                        leases.put(key, lease);
                        granted.increment();
                        return (old == null ? Uni.createFrom().voidItem() : retire(key, old)).invoke(lease::settled);
                    });
        }).onFailure().invoke(e -> Log.warnf("no lease for budget %s: %s", b.id(), e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Ends a lease (if not yet ended) and frees in Postgres what it did not hand out. */
    private Uni<Void> retire(String key, BudgetLease lease) {
        leases.remove(key, lease);
        lease.retire();
        BigDecimal unused = lease.unused();
        BigDecimal used = lease.grantedUsd.subtract(unused);
        if (unused.signum() == 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(tx -> used.signum() == 0 ? reservations.release(tx, lease.id, lease.budgetId)
                        : reservations.shrink(tx, lease.id, lease.budgetId, used, unused))
                .onFailure(CheckService::isDeadlock).retry().atMost(3)
                .onFailure().invoke(e -> Log.warnf("lease %s kept until it expires: %s", lease.id, e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Far enough from the cap for a lease, by this replica's snapshot (the grant's conditional update decides). */
    private boolean leasable(Budget b, BigDecimal estimate, Instant now) {
        BigDecimal size = size(b);
        if (size.signum() <= 0 || estimate.compareTo(size) > 0) {
            return false;
        }
        Long denied = deniedUntilNanos.get(key(b.id(), b.periodAt(now).start()));
        if (denied != null && denied - System.nanoTime() > 0) {
            return false;
        }
        PeriodSpend s = snapshot.spend(b, now);
        return s.spentUsd().add(s.reservedUsd()).add(size).compareTo(ceiling(b)) <= 0;
    }

    private BudgetLease current(Budget b, Instant now) {
        BudgetLease lease = leases.get(key(b.id(), b.periodAt(now).start()));
        return lease != null && lease.limitUsd.compareTo(b.hardLimitUsd()) == 0 ? lease : null;
    }

    /** What an answer shows: the period as last read, with this lease's unused part not counted as reserved. */
    private PeriodSpend shown(Budget b, BudgetLease lease, BigDecimal unused, Instant now) {
        PeriodSpend base = snapshot.shows(lease::shownBySnapshotRead) ? snapshot.spend(b, now) : lease.atGrant;
        return new PeriodSpend(b.id(), base.periodStart(), base.spentUsd(),
                base.reservedUsd().subtract(unused).max(BigDecimal.ZERO));
    }

    private BigDecimal size(Budget b) {
        return b.hardLimitUsd().multiply(BigDecimal.valueOf(config.check().leasePercent())).divide(HUNDRED);
    }

    private BigDecimal ceiling(Budget b) {
        return b.hardLimitUsd().multiply(HUNDRED.subtract(BigDecimal.valueOf(config.check().exactWithinPercent())))
                .divide(HUNDRED);
    }

    private static Uni<Void> all(List<Uni<Void>> each) {
        return each.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(each).andCollectFailures().replaceWithVoid();
    }

    private static String key(UUID budgetId, Instant periodStart) {
        return budgetId + "/" + periodStart;
    }
}
