package dev.finops.budget.service;

import dev.finops.budget.Attribution;
import dev.finops.budget.Budget;
import dev.finops.budget.BudgetPeriod;
import dev.finops.budget.config.BudgetConfig;
import dev.finops.budget.error.BudgetExhaustedException;
import dev.finops.budget.repository.PeriodSpend;
import dev.finops.budget.error.RunCeilingException;
import dev.finops.budget.repository.ReservationRepository;
import dev.finops.budget.rest.CheckRequest;
import dev.finops.budget.service.CheckResult.BudgetRoom;
import dev.finops.http.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hard caps. Without an estimate a check is answered from memory (the snapshot). With one, it is taken from this
 * replica's lease of every matching budget with a hard limit (headroom reserved in Postgres beforehand, see
 * {@link CheckLeases}) while they are far from their caps; nearer, the estimate is reserved against each of them in
 * one Postgres transaction of conditional updates. Either way callers racing at a cap on any replica can never be
 * allowed more than the room left.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class CheckService {

    private final Pool pool;
    private final BudgetSnapshot snapshot;
    private final ReservationRepository reservations;
    private final BudgetConfig config;
    private final MeterRegistry registry;
    private final Timer latency;
    private final RunCeilings runCeilings;

    private final EstimatePricer estimates;
    private final CheckLeases leases;
    private final Counter exactReservations;

    public CheckService(Pool pool, BudgetSnapshot snapshot, ReservationRepository reservations, BudgetConfig config,
                        MeterRegistry registry, RunCeilings runCeilings, EstimatePricer estimates, CheckLeases leases) {
        this.runCeilings = runCeilings;
        this.leases = leases;
        this.estimates = estimates;
        this.pool = pool;
        this.snapshot = snapshot;
        this.reservations = reservations;
        this.config = config;
        this.registry = registry;
        this.latency = Timer.builder("finops_budget_check_seconds").description("Server-side time of a budget check")
                .publishPercentiles(0.5, 0.99).register(registry);
        for (String result : new String[] {"allowed", "refused", "error"}) {
            registry.counter("finops_budget_checks_total", "result", result);  // series exist from the start at 0
        }
        this.exactReservations = CheckLeases.reservationCounter(registry, "exact");
    }

    public Uni<CheckResult> check(CheckRequest request, String callerTeam) {
        long started = System.nanoTime();
        return estimates.requirePriced(request.model()).chain(() -> estimates.usd(request))
                .flatMap(estimate -> check(request, callerTeam, estimate, started));
    }

    private Uni<CheckResult> check(CheckRequest request, String callerTeam, BigDecimal estimate, long started) {
        Attribution who = new Attribution(callerTeam != null ? callerTeam : request.teamId(), request.agentId(),
                request.customerId(), request.feature(), request.environment(), request.model());
        Instant now = Instant.now();
        List<Budget> matching = snapshot.budgets().stream().filter(b -> b.scope().matches(who))
                .sorted(Comparator.comparing(Budget::id)).toList();
        List<Budget> capped = matching.stream().filter(b -> b.hardLimitUsd() != null).toList();
        Uni<CheckResult> answer = runCeilings.admit(matching, request.runId()).flatMap(ok -> estimate.signum() == 0
                || capped.isEmpty() ? Uni.createFrom().item(() -> fromMemory(matching, estimate, now))
                : leasedOrExact(matching, capped, estimate, request, now));
        return answer.onItemOrFailure().invoke((result, failure) -> {
            latency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            registry.counter("finops_budget_checks_total", "result", failure == null ? "allowed"
                    : failure instanceof BudgetExhaustedException || failure instanceof RunCeilingException ? "refused"
                    : "error").increment();
        });
    }

    /** From the leases when they cover the estimate (granting them first if need be), else reserved exactly. */
    private Uni<CheckResult> leasedOrExact(List<Budget> matching, List<Budget> capped, BigDecimal estimate,
                                           CheckRequest request, Instant now) {
        Map<UUID, PeriodSpend> held = leases.take(capped, estimate, now);
        if (held != null) {
            return Uni.createFrom().item(fromLeases(matching, held, now));
        }
        return leases.renew(capped, estimate, now).map(x -> leases.take(capped, estimate, now))
                .flatMap(again -> again != null ? Uni.createFrom().item(fromLeases(matching, again, now))
                        : pool.withTransaction(tx -> reserve(tx, matching, estimate, request, now))
                                // a deadlock with the feed consumer's page is rare and harmless to retry
                                .onFailure(CheckService::isDeadlock).retry().atMost(3)
                                .invoke(() -> exactReservations.increment()));
    }

    private CheckResult fromLeases(List<Budget> matching, Map<UUID, PeriodSpend> held, Instant now) {
        List<BudgetRoom> rooms = new ArrayList<>();
        for (Budget b : matching) {
            PeriodSpend s = held.get(b.id());
            rooms.add(room(b, s != null ? s : snapshot.spend(b, now), now));
        }
        return new CheckResult(true, null, rooms);
    }

    private CheckResult fromMemory(List<Budget> matching, BigDecimal estimate, Instant now) {
        List<BudgetRoom> rooms = new ArrayList<>();
        for (Budget b : matching) {
            PeriodSpend s = snapshot.spend(b, now);
            refuseIfFull(b, s, estimate, now);
            rooms.add(room(b, s, now));
        }
        return new CheckResult(true, null, rooms);
    }

    private Uni<CheckResult> reserve(SqlClient tx, List<Budget> matching, BigDecimal estimate, CheckRequest r,
                                     Instant now) {
        UUID reservationId = UUID.randomUUID();
        Instant expires = now.plus(config.check().reservationTtl());
        Uni<List<BudgetRoom>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Budget b : matching) {
            BudgetPeriod p = b.periodAt(now);
            if (b.hardLimitUsd() == null) {
                chain = chain.invoke(rooms -> rooms.add(room(b, snapshot.spend(b, now), now)));
                continue;
            }
            chain = chain.call(rooms -> reservations.reserve(tx, b.id(), p.start(), p.end(), estimate, b.hardLimitUsd())
                    .flatMap(taken -> taken.isPresent()
                            ? reservations.insert(tx, reservationId, b.id(), p.start(), estimate, r.eventId(), r.runId(),
                                    expires).invoke(() -> rooms.add(room(b, taken.get(), now)))
                            : refuseFromDatabase(tx, b, p, estimate, now)));
        }
        return chain.map(rooms -> new CheckResult(true, reservationId, rooms));
    }

    private Uni<Void> refuseFromDatabase(SqlClient tx, Budget b, BudgetPeriod p, BigDecimal estimate, Instant now) {
        return tx.preparedQuery("SELECT spent_usd::text AS s, reserved_usd::text AS r FROM budget_periods"
                        + " WHERE budget_id = $1 AND period_start = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(b.id(), p.start().atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> {
                    var row = rows.iterator().next();
                    PeriodSpend s = new PeriodSpend(b.id(), p.start(), new BigDecimal(row.getString("s")),
                            new BigDecimal(row.getString("r")));
                    throw exhausted(b, s, estimate, now);
                });
    }

    private static void refuseIfFull(Budget b, PeriodSpend s, BigDecimal estimate, Instant now) {
        BigDecimal limit = b.hardLimitUsd();
        if (limit == null) {
            return;
        }
        BigDecimal committed = s.spentUsd().add(s.reservedUsd());
        if (committed.compareTo(limit) >= 0 || committed.add(estimate).compareTo(limit) > 0) {
            throw exhausted(b, s, estimate, now);
        }
    }

    private static BudgetExhaustedException exhausted(Budget b, PeriodSpend s, BigDecimal estimate, Instant now) {
        BudgetPeriod p = b.periodAt(now);
        return new BudgetExhaustedException(b.id(), b.name(), s.spentUsd(), s.reservedUsd(), b.hardLimitUsd(), estimate,
                p.end(), p.secondsUntilEnd(now));
    }

    private static BudgetRoom room(Budget b, PeriodSpend s, Instant now) {
        BigDecimal cap = b.hardLimitUsd() != null ? b.hardLimitUsd() : b.amountUsd();
        BigDecimal remaining = cap.subtract(s.spentUsd()).subtract(s.reservedUsd()).max(BigDecimal.ZERO);
        return new BudgetRoom(b.id(), b.name(), s.spentUsd(), s.reservedUsd(), b.amountUsd(), b.hardLimitUsd(),
                remaining, b.periodAt(now).end());
    }

    static boolean isDeadlock(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg
                && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }
}
