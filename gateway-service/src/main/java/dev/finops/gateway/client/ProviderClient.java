package dev.finops.gateway.client;

import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.provider.app.ProviderCatalog.Upstream;
import dev.finops.gateway.wire.WireApi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends a call to its provider with the gateway's credentials (never the caller's). The response comes back paused,
 * before any of its body is read, so the proxy can relay a stream frame by frame.
 */
@ApplicationScoped
public class ProviderClient {

    private static final String ANTHROPIC_VERSION = "2023-06-01";

    private final HttpClient http;
    private final long defaultTimeoutMillis;

    public ProviderClient(Vertx vertx, GatewayConfig config) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setConnectTimeout(5000).setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(256));
        this.defaultTimeoutMillis = config.defaultProviderTimeout().toMillis();
    }

    /**
     * {@code anthropicVersion} and {@code anthropicBeta}: the caller's headers, passed on for Anthropic (the version
     * defaults to the SDKs' own).
     */
    public Uni<HttpClientResponse> send(Upstream upstream, WireApi api, Buffer body, String anthropicVersion,
                                        String anthropicBeta) {
        long timeout = upstream.provider().timeoutMs() != null ? upstream.provider().timeoutMs() : defaultTimeoutMillis;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(upstream.provider().baseUrl() + api.upstreamPath())
                .setIdleTimeout(timeout).setConnectTimeout(Math.min(timeout, 5000))
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream");
        if (api.anthropic()) {
            options.putHeader("x-api-key", upstream.apiKey())
                    .putHeader("anthropic-version", anthropicVersion != null ? anthropicVersion : ANTHROPIC_VERSION);
            if (anthropicBeta != null) {
                options.putHeader("anthropic-beta", anthropicBeta);
            }
        } else {
            options.putHeader("Authorization", "Bearer " + upstream.apiKey());
        }
        return Uni.createFrom().completionStage(() -> http.request(options)
                .compose(request -> request.send(body))
                .map(response -> {
                    response.pause();
                    return response;
                })
                .toCompletionStage());
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
