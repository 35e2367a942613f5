package dev.finops.gateway.limit.app;

import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.limit.store.WindowRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests and tokens per minute per key, team or agent, held across gateway replicas (leases from Postgres, see
 * docs/decisions/0015-gateway-rate-limit-leases.md). A call takes one request and its estimated tokens; {@link #settle}
 * corrects the tokens.
 *
 * <p>Each replica claims blocks of a limit's current minute from Postgres with a conditional update (the claims of
 * all replicas never add up to more than the limit) and hands them out from memory ({@link WindowLeases}); a call
 * finding its block short claims the next one, and a claim that no longer fits refuses the call. Calls without a
 * limit of their own cost no round trip.
 */
@Startup
@ApplicationScoped
public class RateLimiter {

    /** A call losing the blocks it waited for to concurrent calls this often is refused (early) rather than kept. */
    private static final int MAX_ROUNDS = 100;

    private record Key(LimitScope scope, String id) {
    }

    private final LimitBook book;
    private final WindowRepository windows;
    private final int blockPercent;
    private final Clock clock;
    private final WindowLeases leases = new WindowLeases();
    /** One claim at a time per limit on this replica; calls that need one meanwhile wait for it. */
    private final Map<Key, Uni<Void>> claiming = new ConcurrentHashMap<>();
    private final Counter claims;
    private final Map<LimitScope, Counter> refusals = new EnumMap<>(LimitScope.class);

    @Inject
    public RateLimiter(LimitBook book, WindowRepository windows, GatewayConfig config, MeterRegistry registry) {
        this(book, windows, config, registry, Clock.systemUTC());
    }

    /** A limiter with leases of its own: the service's, or another replica's in a test. */
    public RateLimiter(LimitBook book, WindowRepository windows, GatewayConfig config, MeterRegistry registry,
                       Clock clock) {
        this.book = book;
        this.windows = windows;
        this.blockPercent = Math.max(1, Math.min(100, config.limits().blockPercent()));
        this.clock = clock;
        this.claims = Counter.builder("finops_gateway_ratelimit_lease_claims_total")
                .description("Blocks of a limit's minute this replica claimed from Postgres").register(registry);
        for (LimitScope scope : LimitScope.values()) {  // series exist from the start at 0
            refusals.put(scope, Counter.builder("finops_gateway_ratelimit_refusals_total").tag("scope", scope.wire())
                    .description("Calls refused by a rate limit, by the limit's scope").register(registry));
        }
    }

    /** Takes one request and {@code estimatedTokens} from every limit of the subject, or refuses without taking. */
    public Uni<LimitDecision> acquire(LimitSubject subject, long estimatedTokens) {
        long tokens = Math.max(0, estimatedTokens);
        if (!book.loaded()) {
            return book.ready().onFailure().transform(RateLimiter::unavailable)
                    .flatMap(x -> acquire(subject, tokens));
        }
        List<RateLimit> limits = book.matching(subject);
        if (limits.isEmpty()) {
            return Uni.createFrom().item(LimitDecision.unlimited());
        }
        return attempt(limits, tokens, 0);
    }

    /** Replaces the estimate taken by {@link #acquire} with the tokens the call really used. */
    public void settle(LimitSubject subject, long estimatedTokens, long actualTokens) {
        long extra = Math.max(0, actualTokens) - Math.max(0, estimatedTokens);
        if (extra == 0) {
            return;
        }
        long now = clock.millis();
        for (RateLimit l : book.matching(subject)) {
            long excess = l.tokensPerMinute() == null ? 0 : leases.settle(l, extra, now);
            if (excess > 0) {  // the call is over: charged to the window in the background, never waited for
                windows.addTokens(l.scope(), l.id(), excess).subscribe().with(x -> { },
                        e -> Log.warnf("rate limit %s: %d tokens beyond the estimate not recorded: %s",
                                l.tokensName(), excess, e.getMessage()));
            }
        }
    }

    private Uni<LimitDecision> attempt(List<RateLimit> limits, long tokens, int round) {
        long now = clock.millis();
        WindowLeases.Outcome outcome = leases.take(limits, tokens, now);
        if (outcome instanceof WindowLeases.Taken taken) {
            return Uni.createFrom().item(new LimitDecision(true, null, 0, taken.headers()));
        }
        if (outcome instanceof WindowLeases.Refused refused) {
            return Uni.createFrom().item(refusal(refused));
        }
        RateLimit shortOf = ((WindowLeases.Short) outcome).limit();
        if (round >= MAX_ROUNDS) {
            return Uni.createFrom().item(refusal(leases.refuse(shortOf, " (too many concurrent calls)", limits, now)));
        }
        return claim(shortOf, tokens).flatMap(x -> attempt(limits, tokens, round + 1));
    }

    private LimitDecision refusal(WindowLeases.Refused r) {
        refusals.get(r.limit().scope()).increment();
        return new LimitDecision(false, r.why(), r.retryAfterSeconds(), r.headers());
    }

    /** Claims the limit's next block, or joins the claim under way; what it got (or that none fits) is in the leases. */
    private Uni<Void> claim(RateLimit l, long tokens) {
        return claiming.computeIfAbsent(new Key(l.scope(), l.id()), k -> Uni.createFrom().deferred(() -> {
                    WindowLeases.Need need = leases.need(l, tokens, clock.millis());
                    long requestBlock = need.requests() == 0 ? 0 : block(l.requestsPerMinute());
                    long tokenBlock = need.tokens() == 0 ? 0 : Math.max(need.tokens(), block(l.tokensPerMinute()));
                    return claim(l, requestBlock, tokenBlock, need);
                })
                .onTermination().invoke(() -> claiming.remove(k))
                .memoize().indefinitely());
    }

    /**
     * Asks Postgres for blocks of {@code requests}/{@code tokens}; when they no longer fit, for what is left if that
     * still covers what the call needs, else records that the window is full for such calls.
     */
    private Uni<Void> claim(RateLimit l, long requests, long tokens, WindowLeases.Need need) {
        long sent = clock.millis();
        return windows.claim(l.scope(), l.id(), requests, tokens, l.requestsPerMinute(), l.tokensPerMinute())
                .onFailure().transform(RateLimiter::unavailable)
                .flatMap(granted -> {
                    if (granted.isPresent()) {
                        claims.increment();
                        leases.record(l, granted.get(), requests, tokens, sent, clock.millis(), false, Long.MAX_VALUE);
                        return Uni.createFrom().voidItem();
                    }
                    return windows.current(l.scope(), l.id()).onFailure().transform(RateLimiter::unavailable)
                            .flatMap(w -> {
                                long requestRoom = l.requestsPerMinute() == null ? Long.MAX_VALUE
                                        : l.requestsPerMinute() - w.requestsClaimed();
                                long tokenRoom = l.tokensPerMinute() == null ? Long.MAX_VALUE
                                        : l.tokensPerMinute() - w.tokensClaimed();
                                boolean requestsFull = need.requests() > 0 && requestRoom < need.requests();
                                boolean tokensShort = need.tokens() > 0 && tokenRoom < need.tokens();
                                if (requestsFull || tokensShort) {
                                    leases.record(l, w, 0, 0, sent, clock.millis(), requestsFull,
                                            tokensShort ? need.tokens() : Long.MAX_VALUE);
                                    return Uni.createFrom().voidItem();
                                }
                                // room for this call but not for a whole block: claim what is left
                                return claim(l, need.requests() == 0 ? 0 : Math.min(requests, requestRoom),
                                        need.tokens() == 0 ? 0 : Math.max(need.tokens(), Math.min(tokens, tokenRoom)),
                                        need);
                            });
                });
    }

    private long block(long limit) {
        return Math.max(1, limit * blockPercent / 100);
    }

    private static Throwable unavailable(Throwable e) {
        if (e instanceof GatewayException) {
            return e;
        }
        Log.warnf("rate limits could not be checked: %s", e.getMessage());
        return new GatewayException(GatewayException.Kind.UNAVAILABLE, null,
                "rate limits cannot be checked right now; retry shortly", 1);
    }
}
