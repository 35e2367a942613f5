package dev.finops.gateway.proxy.app;

import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayException.Kind;
import dev.finops.gateway.limit.app.LimitSubject;
import dev.finops.gateway.limit.app.RateLimiter;
import dev.finops.gateway.provider.app.ProviderCatalog;
import dev.finops.gateway.wire.TokenCounter;
import dev.finops.http.auth.ApiKeyPrincipal;
import dev.finops.http.auth.ApiKeyVerifier;
import dev.finops.http.auth.KeyServiceUnavailableException;
import dev.finops.http.auth.Role;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Steps 1-6 of a call, in order, each timed: authenticate, attribute, rate limits, routing, cache, budget. A step
 * that refuses throws a GatewayException, and nothing has been sent upstream. Forwarding and settling follow in
 * {@link Settlement} and the proxy's API layer.
 */
@ApplicationScoped
public class CallPipeline {

    private final ApiKeyVerifier keys;
    private final AttributionReader attribution;
    private final RateLimiter limiter;
    private final ProviderCatalog catalog;
    private final ModelRouter router;
    private final ResponseCache cache;
    private final BudgetGate budget;
    private final TokenCounter tokens;
    private final long defaultMaxOutput;

    public CallPipeline(ApiKeyVerifier keys, AttributionReader attribution, RateLimiter limiter, ProviderCatalog catalog, ModelRouter router,
                        ResponseCache cache, BudgetGate budget, TokenCounter tokens, GatewayConfig config) {
        this.keys = keys;
        this.attribution = attribution;
        this.limiter = limiter;
        this.catalog = catalog;
        this.router = router;
        this.cache = cache;
        this.budget = budget;
        this.tokens = tokens;
        this.defaultMaxOutput = config.defaultMaxOutputTokens();
    }

    /** Runs steps 1-6; the call comes back with its model chosen, and a cached answer if the cache had one. */
    public Uni<Call> prepare(Call call, String presentedKey) {
        return authenticate(call, presentedKey)
                .invoke(() -> attribute(call))
                .chain(() -> limit(call))
                .chain(() -> route(call))
                .chain(() -> lookup(call))
                .chain(() -> call.cached != null ? Uni.createFrom().item(call) : checkBudget(call));
    }

    private Uni<Void> authenticate(Call call, String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Uni.createFrom().failure(new GatewayException(Kind.UNAUTHENTICATED, null,
                    "Send your FinOps suite key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."));
        }
        return keys.verify(presentedKey.trim())
                .onFailure(KeyServiceUnavailableException.class).transform(e -> new GatewayException(
                        Kind.UNAVAILABLE, null, "API keys cannot be checked right now; retry shortly"))
                .invoke(principal -> {
                    call.caller = caller(principal, call.headers());
                    call.step("authenticate");
                }).replaceWithVoid();
    }

    /**
     * A workload (ingest) key calls for its own team; an admin key names the team in X-FinOps-Team. Reader and
     * team-admin keys, bound to a team or of org scope, and service keys make no LLM calls: they are not workloads,
     * and an org-scoped one has no team to charge.
     */
    private static Caller caller(Optional<ApiKeyPrincipal> principal, CallHeaders headers) {
        ApiKeyPrincipal p = principal.orElseThrow(() -> new GatewayException(Kind.UNAUTHENTICATED, null,
                "Incorrect API key provided: it is unknown to the FinOps suite or revoked."));
        if (p.role() == Role.ingest && p.teamId() != null) {
            return new Caller(p.keyId(), p.teamId());
        }
        if (p.role() == Role.admin) {
            String team = headers.get("x-finops-team");
            if (team == null || team.isBlank()) {
                throw GatewayException.invalid("X-FinOps-Team", "an admin key must name the team to charge in the"
                        + " X-FinOps-Team header; workloads should use their team's ingest key");
            }
            return new Caller(p.keyId(), team.trim());
        }
        throw new GatewayException(Kind.FORBIDDEN, null, "a " + p.role().wire() + " key cannot make LLM calls: use a"
                + " team's ingest key");
    }

    private void attribute(Call call) {
        call.who = attribution.read(call.caller, call.headers(), call.request());
        call.inputTokens = tokens.inputTokens(call.request());
        call.maxOutputTokens = call.request().maxOutputTokens(defaultMaxOutput);
        String namespace = call.headers().get("x-finops-cache-namespace");
        if (namespace != null && !namespace.isBlank() && call.api() != dev.finops.gateway.wire.WireApi.EMBEDDINGS) {
            call.cacheNamespace = ResponseCache.checked(namespace.trim());
        }
        call.step("attribute");
    }

    private Uni<Void> limit(Call call) {
        call.subject = new LimitSubject(call.caller.keyId(), call.who.teamId(), call.who.agentId());
        return limiter.acquire(call.subject, call.inputTokens + call.maxOutputTokens).invoke(decision -> {
            call.limits = decision;
            call.step("limit");
            if (!decision.allowed()) {
                throw new GatewayException(Kind.RATE_LIMITED, null, "Rate limit reached: " + decision.refusedBy()
                        + ". Please try again in " + decision.retryAfterSeconds() + "s.", decision.retryAfterSeconds());
            }
        }).replaceWithVoid();
    }

    /** The routed model must be one a provider serves: else a 400 naming it, before anything is reserved. */
    private Uni<Void> route(Call call) {
        return router.route(call.request().model(), call.who, call.headers(), call.inputTokens).invoke(choice -> {
            call.route = choice;
            call.upstream = catalog.route(call.api().providerType(), choice.model()).orElseThrow(() ->
                    GatewayException.invalid("model", "The model '" + choice.model() + "' is not served by any "
                            + call.api().providerType() + " provider of this gateway"
                            + ("requested".equals(choice.rule()) ? "" : " (chosen by routing rule '" + choice.rule()
                            + "' for '" + call.request().model() + "')")));
            call.step("route");
        }).replaceWithVoid();
    }

    private Uni<Void> lookup(Call call) {
        if (call.cacheNamespace == null) {
            return Uni.createFrom().voidItem();
        }
        return cache.lookup(call.who.teamId(), call.cacheNamespace, call.model(), call.request().promptText())
                .invoke(hit -> {
            call.cached = hit;
            call.step("cache");
        }).replaceWithVoid();
    }

    private Uni<Call> checkBudget(Call call) {
        return budget.check(call.requestId(), call.who, call.model(), call.inputTokens, call.maxOutputTokens)
                .invoke(() -> call.step("budget")).replaceWith(call);
    }

    /** The tokens a refused or failed call had taken from its rate limits are given back by settling at 0. */
    public void release(Call call) {
        if (call.subject != null && call.limits.allowed()) {
            limiter.settle(call.subject, call.inputTokens + call.maxOutputTokens, 0);
        }
    }

    void settleLimits(Call call, long actualTokens) {
        if (call.subject != null) {
            limiter.settle(call.subject, call.inputTokens + call.maxOutputTokens, actualTokens);
        }
    }
}
