package dev.finops.gateway.proxy.api;

import dev.finops.gateway.proxy.app.Call;
import dev.finops.gateway.proxy.app.GatewayMetrics;
import dev.finops.gateway.proxy.app.GatewayMetrics.Result;
import dev.finops.gateway.proxy.app.ResponseCache;
import dev.finops.gateway.proxy.app.Settlement;
import dev.finops.gateway.proxy.app.Settlement.Served;
import dev.finops.gateway.wire.CallUsage;
import dev.finops.gateway.wire.SseFrame;
import dev.finops.gateway.wire.SseParser;
import dev.finops.gateway.wire.StreamMeter;
import dev.finops.gateway.wire.TokenCounter;
import dev.finops.gateway.wire.WireErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;

/**
 * Relays one SSE stream frame by frame, as the frames arrive, while its meter reads the usage. A stream is never
 * recorded as $0: when the client leaves, the upstream is still read to its usage; when the upstream is cut, what
 * was streamed is counted and the event is marked estimated. The answer ends only after its usage is durable.
 */
final class StreamRelay {

    private final HttpServerResponse response;
    private final Call call;
    private final Served served;
    private final HttpClientResponse upstream;
    private final long sent;
    private final Settlement settlement;
    private final ResponseCache cache;
    private final GatewayMetrics metrics;
    private final TokenCounter tokens;
    private final SseParser parser = new SseParser();
    private final StreamMeter meter;
    private boolean clientGone;
    private boolean done;

    StreamRelay(HttpServerResponse response, Call call, Served served, HttpClientResponse upstream, long sent,
                Settlement settlement, ResponseCache cache, GatewayMetrics metrics, TokenCounter tokens) {
        this.response = response;
        this.call = call;
        this.served = served;
        this.upstream = upstream;
        this.sent = sent;
        this.settlement = settlement;
        this.cache = cache;
        this.metrics = metrics;
        this.tokens = tokens;
        this.meter = StreamMeter.of(call.api(), !call.request().callerAskedForUsage());
    }

    void start() {
        Headers.common(response, call).putHeader("X-FinOps-Model", served.model())
                .putHeader("X-FinOps-Cache", call.cacheNamespace() == null ? "off" : "miss");
        Headers.relay(upstream.headers(), response);
        Headers.eventStream(response.setStatusCode(upstream.statusCode()));
        response.closeHandler(v -> clientGone = true);
        response.exceptionHandler(e -> clientGone = true);
        upstream.handler(this::chunk);
        upstream.endHandler(v -> finish(false));
        upstream.exceptionHandler(e -> finish(true));
        upstream.resume();
    }

    private void chunk(Buffer chunk) {
        for (SseFrame frame : parser.feed(chunk)) {
            relay(frame);
        }
    }

    private void relay(SseFrame frame) {
        if (meter.onFrame(frame) && !clientGone) {
            response.write(frame.raw());
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(v -> upstream.resume());
            }
        }
    }

    private void finish(boolean cut) {
        if (done) {
            return;
        }
        done = true;
        parser.finish().forEach(this::relay);
        long upstreamNanos = System.nanoTime() - sent;
        call.addUpstreamNanos(upstreamNanos);
        metrics.upstream(served.providerName(), upstreamNanos);
        boolean complete = !cut && meter.finished() && meter.usage() != null;
        CallUsage usage = meter.usage() != null && meter.finished() ? meter.usage()
                : meter.estimate(call.inputTokens(), tokens);
        settlement.settle(call, served, usage).subscribe().with(cost -> end(complete, usage), e -> end(false, usage));
    }

    private void end(boolean complete, CallUsage usage) {
        metrics.request(call.api(), served.providerName(), complete ? Result.OK : Result.UPSTREAM_ERROR);
        metrics.addedLatency(call.api(), call.addedNanos());
        if (complete && call.cacheNamespace() != null && !meter.text().isEmpty() && meter.error() == null) {
            cache.store(call.who().teamId(), call.cacheNamespace(), served.model(), call.request().promptText(), meter.text(),
                    usage.tokens().inputTokens(), usage.tokens().outputTokens());
        }
        if (clientGone) {
            return;
        }
        if (!complete && meter.error() == null) {
            response.write(WireErrors.streamFrame(call.api(), call.api().anthropic() ? "api_error" : "server_error",
                    "The provider's stream ended before it was complete"));
        }
        response.end();
    }
}
