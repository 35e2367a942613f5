package dev.finops.gateway.proxy.api;

import dev.finops.gateway.proxy.app.Call;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Set;

/** The headers of the gateway's answers. */
final class Headers {

    /** Hop-by-hop and framing headers are the gateway's own; everything else the provider sent passes through. */
    private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "proxy-authenticate", "proxy-connection", "te", "trailer", "upgrade", "set-cookie");

    private Headers() {
    }

    /** X-FinOps-Request-Id, X-FinOps-Model, Server-Timing (each step) and the gateway's x-ratelimit-* headers. */
    static HttpServerResponse common(HttpServerResponse response, Call call) {
        response.putHeader("X-FinOps-Request-Id", call.requestId()).putHeader("X-FinOps-Model", call.model())
                .putHeader("Server-Timing", call.serverTiming());
        call.limitHeaders().forEach(response::putHeader);
        return response;
    }

    static void relay(MultiMap upstream, HttpServerResponse response) {
        upstream.forEach(h -> {
            if (!NOT_RELAYED.contains(h.getKey().toLowerCase(Locale.ROOT)) && !response.headers().contains(h.getKey())) {
                response.headers().add(h.getKey(), h.getValue());
            }
        });
    }

    static HttpServerResponse eventStream(HttpServerResponse response) {
        return response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache");
    }
}
