package dev.finops.gateway.proxy.app;

import dev.finops.cost.TokenUsage;
import dev.finops.gateway.outbox.app.UsageOutbox;
import dev.finops.gateway.outbox.app.UsageRecord;
import dev.finops.gateway.wire.CallUsage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Step 8: the call's usage becomes a durable outbox event (eventId = the request id, so budget-service releases the
 * reservation it holds under that id), its rate-limit tokens are corrected, and its cost is known for the answer's
 * header. Every attempt is reported, failed ones with no tokens, so no reservation waits for its expiry.
 */
@ApplicationScoped
public class Settlement {

    private static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

    private final UsageOutbox outbox;
    private final RateBook rates;
    private final CallPipeline pipeline;
    private final GatewayMetrics metrics;
    private final Clock clock;

    public Settlement(UsageOutbox outbox, RateBook rates, CallPipeline pipeline, GatewayMetrics metrics, Clock clock) {
        this.outbox = outbox;
        this.rates = rates;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What was served: by which provider (its name and type) and which model. */
    public record Served(String providerName, String providerType, String model) {
    }

    /** A call the provider answered: its usage (maybe estimated) becomes the event; answers its cost if priced. */
    public Uni<Optional<BigDecimal>> settle(Call call, Served served, CallUsage usage) {
        Map<String, String> tags = tags(call, served);
        if (usage.estimated()) {
            tags.put("gateway.estimated", "true");
            metrics.estimated(call.api());
        }
        if (usage.cacheWrite1hTokens() > 0) {
            tags.put("gateway.cacheWrite1hTokens", Long.toString(usage.cacheWrite1hTokens()));
        }
        TokenUsage tokens = usage.tokens();
        pipeline.settleLimits(call, tokens.inputTokens() + tokens.outputTokens());
        return append(call, call.requestId(), served, tokens, "ok", tags).map(v -> {
            Optional<BigDecimal> cost = rates.cost(served.model(), tokens);
            cost.ifPresent(usd -> metrics.cost(served.providerName(), served.model(), call.who().teamId(), usd));
            return cost;
        });
    }

    /** A failed attempt: an error event without tokens; the last attempt carries the request id itself. */
    public Uni<Void> failed(Call call, Served served, int attempt, boolean last, String reason) {
        Map<String, String> tags = tags(call, served);
        tags.put("gateway.error", reason);
        if (last) {
            pipeline.release(call);
        }
        String eventId = last ? call.requestId() : call.requestId() + ":attempt-" + attempt;
        return append(call, eventId, served, NONE, "error", tags);
    }

    /** A cache hit: counted as a call that cost nothing. */
    public Uni<Void> cacheHit(Call call) {
        Served served = new Served("cache", call.api().providerType(), call.model());
        Map<String, String> tags = tags(call, served);
        tags.put("gateway.cache", call.cached().match());
        pipeline.release(call);
        return append(call, call.requestId(), served, NONE, "ok", tags);
    }

    private Uni<Void> append(Call call, String eventId, Served served, TokenUsage tokens, String status,
                             Map<String, String> tags) {
        return outbox.append(new UsageRecord(eventId, clock.instant(), served.providerType(), served.model(), tokens,
                call.elapsedMillis(), status, call.who(), tags));
    }

    private static Map<String, String> tags(Call call, Served served) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("gateway.provider", served.providerName());
        tags.put("gateway.api", call.api().name().toLowerCase(java.util.Locale.ROOT));
        if (!"requested".equals(call.route().rule())) {
            tags.put("gateway.route", call.route().rule());
            tags.put("gateway.requestedModel", call.request().model());
        }
        return tags;
    }
}
