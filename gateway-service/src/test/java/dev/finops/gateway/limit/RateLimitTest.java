package dev.finops.gateway.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.audit.Actor;
import dev.finops.gateway.GatewayTestBase;
import dev.finops.gateway.SuiteStub;
import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.limit.app.LimitBook;
import dev.finops.gateway.limit.app.LimitDecision;
import dev.finops.gateway.limit.app.LimitScope;
import dev.finops.gateway.limit.app.LimitService;
import dev.finops.gateway.limit.app.LimitSpec;
import dev.finops.gateway.limit.app.LimitSubject;
import dev.finops.gateway.limit.app.RateLimiter;
import dev.finops.gateway.limit.store.LimitRepository;
import dev.finops.gateway.limit.store.WindowRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Rate limits against the real Postgres: two replicas (the service's limiter and a second one with its own leases
 * and definitions, on the same database) together stay within a limit; token limits; refusals take nothing; calls
 * without a limit cost no round trip.
 */
@QuarkusTest
@WithTestResource(SuiteStub.class)
class RateLimitTest extends GatewayTestBase {

    private static final Actor TEST = Actor.system("test");

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RateLimiter limiter;
    @Inject
    LimitService limits;
    @Inject
    LimitRepository limitRepository;
    @Inject
    WindowRepository windows;
    @Inject
    GatewayConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    Pool pool;

    @Test
    void twoReplicasSharingTwentyRequestsPerMinuteAllowTwentyOfTwoHundredConcurrentCalls() throws Exception {
        race(20, 200);
    }

    @Test
    void twoReplicasClaimingBlocksOfALargerLimitStillStayWithinIt() throws Exception {
        race(400, 1000);
    }

    @Test
    void aTokenLimitRefusesACallWhoseEstimateDoesNotFit() {
        String agent = unique("agent");
        put(LimitScope.AGENT, agent, null, 1000L);
        LimitSubject caller = new LimitSubject(unique("key"), unique("team"), agent);

        LimitDecision first = acquire(limiter, caller, 600);
        assertTrue(first.allowed());
        assertEquals("1000", first.headers().get("x-ratelimit-limit-tokens"));
        assertEquals("400", first.headers().get("x-ratelimit-remaining-tokens"));
        assertFalse(first.headers().containsKey("x-ratelimit-limit-requests"), "no request limit is set");

        LimitDecision refused = acquire(limiter, caller, 600);
        assertFalse(refused.allowed());
        assertEquals("agent " + agent + ": 1000 tokens per minute", refused.refusedBy());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 61, refused.toString());

        assertTrue(acquire(limiter, caller, 400).allowed(), "exactly the room left fits");
        assertFalse(acquire(limiter, caller, 1).allowed());
        LimitDecision never = acquire(limiter, caller, 1001);
        assertFalse(never.allowed());
        assertTrue(never.refusedBy().contains("can never fit"), never.refusedBy());
    }

    @Test
    void aRefusedCallTakesNothingFromTheOtherLimits() {
        String key = unique("key");
        String team = unique("team");
        put(LimitScope.KEY, key, 5L, null);
        put(LimitScope.TEAM, team, 2L, null);
        LimitSubject caller = new LimitSubject(key, team, null);

        assertTrue(acquire(limiter, caller, 0).allowed());
        LimitDecision second = acquire(limiter, caller, 0);
        assertTrue(second.allowed());
        assertEquals("2", second.headers().get("x-ratelimit-limit-requests"), "the tightest limit: the team's");
        assertEquals("0", second.headers().get("x-ratelimit-remaining-requests"));
        assertTrue(second.headers().get("x-ratelimit-reset-requests").matches("(\\d+(\\.\\d+)?s|\\d+ms|1m0s)"),
                second.headers().toString());
        for (int i = 0; i < 3; i++) {
            LimitDecision refused = acquire(limiter, caller, 0);
            assertFalse(refused.allowed());
            assertEquals("team " + team + ": 2 requests per minute", refused.refusedBy());
        }

        // the three refused calls took nothing of the key's 5: without the team's limit, 3 more fit, not 0
        assertTrue(limits.delete(LimitScope.TEAM, team, TEST).await().atMost(WAIT));
        for (int i = 0; i < 3; i++) {
            assertTrue(acquire(limiter, caller, 0).allowed(), "call " + (i + 3) + " of the key's 5");
        }
        LimitDecision sixth = acquire(limiter, caller, 0);
        assertFalse(sixth.allowed());
        assertEquals("key " + key + ": 5 requests per minute", sixth.refusedBy());
    }

    @Test
    void settlingGivesBackWhatACallDidNotUseAndChargesWhatItUsedBeyond() {
        String team = unique("team");
        put(LimitScope.TEAM, team, null, 1000L);
        LimitSubject caller = new LimitSubject(unique("key"), team, null);

        assertTrue(acquire(limiter, caller, 800).allowed());
        assertFalse(acquire(limiter, caller, 800).allowed());
        limiter.settle(caller, 800, 100);  // it used 100: 700 come back
        assertTrue(acquire(limiter, caller, 800).allowed(), "room after the settle: 1000 - 100 - 800 = 100");

        limiter.settle(caller, 800, 2000);  // 1,200 beyond the estimate: charged although nothing is left
        await("the excess recorded", WAIT, () -> tokensClaimed(team) >= 2100);
        assertFalse(acquire(limiter, caller, 1).allowed());
    }

    @Test
    void aCallWithoutALimitOfItsOwnCostsNoRoundTrip() {
        put(LimitScope.TEAM, unique("team"), 10L, null);  // the book is not empty
        LimitSubject free = new LimitSubject(unique("key"), unique("team"), unique("agent"));
        long before = windows.statements();
        for (int i = 0; i < 500; i++) {
            LimitDecision d = acquire(limiter, free, 10_000);
            assertTrue(d.allowed());
            assertTrue(d.headers().isEmpty());
        }
        limiter.settle(free, 10_000, 20_000);
        assertEquals(before, windows.statements(), "statements on rate_limit_windows for unlimited calls");
    }

    @Test
    void anotherReplicasChangeTakesEffectWithinTheRefresh() {
        String team = unique("team");
        LimitSubject caller = new LimitSubject(unique("key"), team, null);
        assertTrue(acquire(limiter, caller, 0).headers().isEmpty());
        // written as another replica's PUT would be: straight to the table, this replica not told
        limitRepository.save(pool, LimitScope.TEAM, team, 1L, null, "api").await().atMost(WAIT);
        await("the new limit enforced", Duration.ofSeconds(10), () -> !acquire(limiter, caller, 0).allowed());
    }

    /** Two replicas share a limit; each call goes to one of them at random, as behind a load balancer. */
    private void race(long limit, int calls) throws Exception {
        String team = unique("team");
        put(LimitScope.TEAM, team, limit, null);
        LimitBook otherBook = new LimitBook(limitRepository, windows);
        otherBook.ready().await().atMost(WAIT);
        RateLimiter other = new RateLimiter(otherBook, windows, config, registry);
        waitForRoomInTheMinute(Duration.ofSeconds(15));

        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            RateLimiter replica = i % 2 == 0 ? limiter : other;
            LimitSubject caller = new LimitSubject(unique("key"), team, null);
            tasks.add(() -> acquire(replica, caller, 0).allowed());
        }
        int allowed = 0;
        ExecutorService threads = Executors.newFixedThreadPool(50);
        try {
            for (Future<Boolean> f : threads.invokeAll(tasks)) {
                allowed += f.get() ? 1 : 0;
            }
        } finally {
            threads.shutdownNow();
        }

        // docs/decisions/0015: per window, all replicas' claims <= limit, so calls <= limit + R × b at a window edge
        List<Long> claimed = requestsClaimed(team);
        long block = Math.max(1, limit * config.limits().blockPercent() / 100);
        long drift = 2 * block;
        System.out.printf("rate limit race: %d rpm, block %d, 2 replicas, %d calls: %d allowed in %d window(s),"
                + " claims per window %s%n", limit, block, calls, allowed, claimed.size(), claimed);
        claimed.forEach(c -> assertTrue(c <= limit, "replicas claimed " + c + " of " + limit));
        assertTrue(allowed <= limit * claimed.size() + drift,
                allowed + " allowed, limit " + limit + " in " + claimed.size() + " window(s), drift bound " + drift);
        if (claimed.size() == 1) {
            // nothing lost to leftovers either: a replica only refuses once its block is empty and no claim fits
            assertEquals(limit, allowed);
        }
    }

    private void put(LimitScope scope, String id, Long requests, Long tokens) {
        assertNotNull(limits.put(scope, id, new LimitSpec(requests, tokens), "api", TEST).await().atMost(WAIT));
    }

    private static LimitDecision acquire(RateLimiter replica, LimitSubject caller, long tokens) {
        return replica.acquire(caller, tokens).await().atMost(WAIT);
    }

    /** Postgres's minute has at least {@code room} left (the race should not straddle two windows). */
    private void waitForRoomInTheMinute(Duration room) throws InterruptedException {
        double left = pool.query("SELECT extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now())"
                + " AS s").execute().await().atMost(WAIT).iterator().next().getDouble("s");
        if (left < room.toSeconds()) {
            Thread.sleep((long) (left * 1000) + 200);
        }
    }

    private List<Long> requestsClaimed(String team) {
        List<Long> claimed = new ArrayList<>();
        pool.preparedQuery("SELECT requests_claimed FROM rate_limit_windows WHERE scope = 'team' AND subject_id = $1"
                        + " ORDER BY window_start")
                .execute(Tuple.of(team)).await().atMost(WAIT).forEach(r -> claimed.add(r.getLong(0)));
        return claimed;
    }

    private long tokensClaimed(String team) {
        return pool.preparedQuery("SELECT coalesce(sum(tokens_claimed), 0) AS t FROM rate_limit_windows"
                        + " WHERE scope = 'team' AND subject_id = $1")
                .execute(Tuple.of(team)).await().atMost(WAIT).iterator().next().getLong("t");
    }
}
