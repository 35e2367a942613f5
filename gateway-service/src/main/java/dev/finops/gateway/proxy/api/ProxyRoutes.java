package dev.finops.gateway.proxy.api;

import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.error.GatewayException;
import dev.finops.gateway.error.GatewayException.Kind;
import dev.finops.gateway.proxy.app.Call;
import dev.finops.gateway.proxy.app.CallHeaders;
import dev.finops.gateway.proxy.app.CallPipeline;
import dev.finops.gateway.proxy.app.GatewayMetrics;
import dev.finops.gateway.proxy.app.GatewayMetrics.Result;
import dev.finops.gateway.proxy.app.Settlement;
import dev.finops.gateway.wire.CachedAnswer;
import dev.finops.gateway.wire.WireApi;
import dev.finops.gateway.wire.WireRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The provider-compatible endpoints. Plain Vert.x routes rather than JAX-RS: streams are relayed frame by frame,
 * and every refusal is written in the caller's provider shape.
 */
@ApplicationScoped
public class ProxyRoutes {

    private final CallPipeline pipeline;
    private final Forwarder forwarder;
    private final Settlement settlement;
    private final GatewayMetrics metrics;
    private final ModelList models;
    private final long maxBodyBytes;

    public ProxyRoutes(CallPipeline pipeline, Forwarder forwarder, Settlement settlement, GatewayMetrics metrics,
                       ModelList models, GatewayConfig config) {
        this.pipeline = pipeline;
        this.forwarder = forwarder;
        this.settlement = settlement;
        this.metrics = metrics;
        this.models = models;
        this.maxBodyBytes = config.maxBodySize().asLongValue();
    }

    void install(@Observes Router router) {
        router.post("/v1/chat/completions").handler(ctx -> handle(ctx, WireApi.CHAT));
        router.post("/v1/responses").handler(ctx -> handle(ctx, WireApi.RESPONSES));
        router.post("/v1/embeddings").handler(ctx -> handle(ctx, WireApi.EMBEDDINGS));
        router.post("/v1/messages").handler(ctx -> handle(ctx, WireApi.MESSAGES));
        router.get("/v1/models").handler(models::handle);
    }

    private void handle(RoutingContext ctx, WireApi api) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String requestId = "gw-" + UUID.randomUUID();
        if (!isJson(request.getHeader("Content-Type"))) {
            request.pause();
            fail(response, api, requestId, new GatewayException(Kind.UNSUPPORTED_MEDIA, "Content-Type",
                    "Send the body as 'Content-Type: application/json'"));
            return;
        }
        BodyReader.read(request, maxBodyBytes)
                .onFailure(e -> fail(response, api, requestId, e))
                .onSuccess(body -> start(response, api, requestId, request, body));
    }

    private void start(HttpServerResponse response, WireApi api, String requestId, HttpServerRequest request,
                       Buffer body) {
        Call call;
        try {
            call = new Call(requestId, api, WireRequest.parse(api, body), headers(request.headers()));
        } catch (GatewayException e) {
            fail(response, api, requestId, e);
            return;
        }
        pipeline.prepare(call, presentedKey(request)).subscribe().with(
                prepared -> Forwarder.guarded(response, prepared, () -> {
                    if (prepared.cached() != null) {
                        answerFromCache(response, prepared);
                    } else {
                        forwarder.forward(response, prepared);
                    }
                }),
                e -> {
                    fail(response, api, requestId, e);
                    pipeline.release(call);
                });
    }

    private void answerFromCache(HttpServerResponse response, Call call) {
        settlement.cacheHit(call).subscribe().with(v -> {
            Headers.common(response, call).putHeader("X-FinOps-Cache", "hit").putHeader("X-FinOps-Cost-Usd", "0");
            if (call.cached().sharedFrom() != null) {
                response.putHeader("X-FinOps-Cache-Shared-From", call.cached().sharedFrom());
            }
            String id = call.requestId();
            if (call.request().stream()) {
                Headers.eventStream(response.setStatusCode(200));
                for (Buffer frame : CachedAnswer.sse(call.api(), id, call.model(), call.cached().text(),
                        call.request().callerAskedForUsage())) {
                    response.write(frame);
                }
                response.end();
            } else {
                response.setStatusCode(200).putHeader("Content-Type", "application/json")
                        .end(CachedAnswer.json(call.api(), id, call.model(), call.cached().text()));
            }
            metrics.request(call.api(), "cache", Result.CACHE_HIT);
            metrics.addedLatency(call.api(), call.addedNanos());
        }, e -> fail(response, call.api(), call.requestId(), e));
    }

    private void fail(HttpServerResponse response, WireApi api, String requestId, Throwable e) {
        metrics.request(api, "none", result(e));
        ErrorWriter.write(response, api, requestId, e);
    }

    private static Result result(Throwable e) {
        if (!(e instanceof GatewayException g)) {
            return Result.ERROR;
        }
        return switch (g.kind()) {
            case REFUSED -> Result.BUDGET_REFUSED;
            case RATE_LIMITED -> Result.RATE_LIMITED;
            case UNAUTHENTICATED, FORBIDDEN -> Result.UNAUTHENTICATED;
            case UNAVAILABLE -> Result.ERROR;
            default -> Result.INVALID;
        };
    }

    /** The suite key: {@code Authorization: Bearer} (OpenAI SDKs) or {@code x-api-key} (Anthropic SDKs). */
    static String presentedKey(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return request.getHeader("x-api-key");
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
    }

    private static CallHeaders headers(MultiMap all) {
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, String> h : all) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-finops-") || name.startsWith("anthropic-")) {
                values.put(name, h.getValue());
            }
        }
        return new CallHeaders(values);
    }
}
