package dev.finops.gateway.proxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.gateway.client.ProviderClient;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayException.Kind;
import dev.finops.gateway.provider.app.ProviderCatalog;
import dev.finops.gateway.provider.app.ProviderCatalog.Upstream;
import dev.finops.gateway.proxy.app.Call;
import dev.finops.gateway.proxy.app.GatewayMetrics;
import dev.finops.gateway.proxy.app.GatewayMetrics.Result;
import dev.finops.gateway.proxy.app.ResponseCache;
import dev.finops.gateway.proxy.app.Settlement;
import dev.finops.gateway.proxy.app.Settlement.Served;
import dev.finops.gateway.wire.CachedAnswer;
import dev.finops.gateway.wire.CallUsage;
import dev.finops.gateway.wire.ProviderUsage;
import dev.finops.gateway.wire.TokenCounter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Steps 7-9: sends the call to its provider (trying the model's fallbacks on 429, 5xx and timeouts), relays the
 * answer, settles its usage before the answer completes, and stores it in the cache when the call opted in.
 */
@ApplicationScoped
public class Forwarder {

    private final ProviderClient providers;
    private final ProviderCatalog catalog;
    private final Settlement settlement;
    private final ResponseCache cache;
    private final GatewayMetrics metrics;
    private final TokenCounter tokens;
    private final ObjectMapper json;

    public Forwarder(ProviderClient providers, ProviderCatalog catalog, Settlement settlement, ResponseCache cache,
                     GatewayMetrics metrics, TokenCounter tokens, ObjectMapper json) {
        this.providers = providers;
        this.catalog = catalog;
        this.settlement = settlement;
        this.cache = cache;
        this.metrics = metrics;
        this.tokens = tokens;
        this.json = json;
    }

    /** Runs a step of the answer; anything it throws still answers the caller (in its shape), never leaves it waiting. */
    static void guarded(HttpServerResponse response, Call call, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            ErrorWriter.write(response, call.api(), call.requestId(), e);
        }
    }

    void forward(HttpServerResponse response, Call call) {
        List<String> models = new ArrayList<>();
        models.add(call.model());
        models.addAll(catalog.fallbacks(call.upstream(), call.model()));
        attempt(response, call, models, 0);
    }

    private void attempt(HttpServerResponse response, Call call, List<String> models, int attempt) {
        String model = models.get(attempt);
        Optional<Upstream> target = attempt == 0 ? Optional.of(call.upstream())
                : catalog.route(call.api().providerType(), model);
        if (target.isEmpty()) {
            nextOrFail(response, call, models, attempt, new Served("none", call.api().providerType(), model),
                    "no provider serves fallback " + model, null);
            return;
        }
        Upstream upstream = target.get();
        Served served = new Served(upstream.provider().name(), upstream.provider().type(), model);
        long sent = System.nanoTime();
        providers.send(upstream, call.api(), call.request().upstreamBody(model),
                        call.headers().get("anthropic-version"), call.headers().get("anthropic-beta"))
                .subscribe().with(
                        answer -> guarded(response, call,
                                () -> answered(response, call, models, attempt, served, answer, sent)),
                        e -> {
                            call.addUpstreamNanos(System.nanoTime() - sent);
                            nextOrFail(response, call, models, attempt, served, reason(e), null);
                        });
    }

    private void answered(HttpServerResponse response, Call call, List<String> models, int attempt, Served served,
                          HttpClientResponse answer, long sent) {
        int status = answer.statusCode();
        boolean retryable = status == 429 || status >= 500;
        if (retryable && attempt + 1 < models.size()) {
            answer.resume();
            answer.end(v -> call.addUpstreamNanos(System.nanoTime() - sent));
            nextOrFail(response, call, models, attempt, served, "status " + status, null);
            return;
        }
        String type = answer.getHeader("Content-Type");
        if (status >= 200 && status < 300 && type != null && type.startsWith("text/event-stream")) {
            new StreamRelay(response, call, served, answer, sent, settlement, cache, metrics, tokens).start();
            return;
        }
        io.vertx.core.Future<Buffer> whole = answer.body();
        answer.resume();
        whole.onComplete(body -> guarded(response, call, () -> {
            call.addUpstreamNanos(System.nanoTime() - sent);
            metrics.upstream(served.providerName(), System.nanoTime() - sent);
            if (body.failed()) {
                nextOrFail(response, call, models, models.size() - 1, served, reason(body.cause()), null);
            } else if (status >= 200 && status < 300) {
                whole(response, call, served, answer, body.result());
            } else {
                nextOrFail(response, call, models, models.size() - 1, served, "status " + status,
                        new UpstreamError(answer, body.result()));
            }
        }));
    }

    /** A whole (non-streamed) answer: settled, then relayed unchanged with its cost. */
    private void whole(HttpServerResponse response, Call call, Served served, HttpClientResponse answer, Buffer body) {
        JsonNode parsed = parse(body);
        CallUsage usage = parsed == null ? null : ProviderUsage.fromResponse(call.api(), parsed);
        String found = parsed == null ? null : CachedAnswer.textOf(call.api(), parsed);
        String text = found == null ? "" : found;
        CallUsage billed = usage != null ? usage : estimated(call, text);
        settlement.settle(call, served, billed).subscribe().with(cost -> {
            Headers.common(response, call).putHeader("X-FinOps-Model", served.model())
                    .putHeader("X-FinOps-Cache", call.cacheNamespace() == null ? "off" : "miss");
            cost.ifPresent(usd -> response.putHeader("X-FinOps-Cost-Usd", usd.toPlainString()));
            Headers.relay(answer.headers(), response);
            response.setStatusCode(answer.statusCode()).end(body);
            if (call.cacheNamespace() != null && !text.isEmpty() && !billed.estimated()) {
                cache.store(call.who().teamId(), call.cacheNamespace(), served.model(), call.request().promptText(), text,
                        billed.tokens().inputTokens(), billed.tokens().outputTokens());
            }
            metrics.request(call.api(), served.providerName(), Result.OK);
            metrics.addedLatency(call.api(), call.addedNanos());
        }, e -> ErrorWriter.write(response, call.api(), call.requestId(), e));
    }

    /** A provider's usage missing from a whole answer: the counted input and the answer's text, marked estimated. */
    private CallUsage estimated(Call call, String text) {
        return new CallUsage(new dev.finops.cost.TokenUsage(call.inputTokens(), 0, 0, tokens.count(text), 0), 0, true);
    }

    /** Reports the failed attempt, then tries the next model, or answers the last failure. */
    private void nextOrFail(HttpServerResponse response, Call call, List<String> models, int attempt, Served served,
                            String reason, UpstreamError error) {
        boolean last = attempt + 1 >= models.size();
        settlement.failed(call, served, attempt, last, reason).subscribe().with(v -> {
            if (!last) {
                metrics.fallback(served.providerName());
                attempt(response, call, models, attempt + 1);
                return;
            }
            metrics.request(call.api(), served.providerName(), Result.UPSTREAM_ERROR);
            if (error != null) {
                Headers.common(response, call);
                Headers.relay(error.answer().headers(), response);
                response.setStatusCode(error.answer().statusCode()).end(error.body());
            } else {
                ErrorWriter.write(response, call.api(), call.requestId(), new GatewayException(Kind.UNAVAILABLE, null,
                        "The provider '" + served.providerName() + "' did not answer: " + reason));
            }
        }, e -> ErrorWriter.write(response, call.api(), call.requestId(), e));
    }

    private JsonNode parse(Buffer body) {
        try {
            return json.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static String reason(Throwable e) {
        String name = e.getClass().getSimpleName();
        return name.contains("Timeout") ? "timeout" : "connection failed (" + name + ")";
    }

    /** The provider's own error answer, passed through as it was. */
    private record UpstreamError(HttpClientResponse answer, Buffer body) {
    }

}
