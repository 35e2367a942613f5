package dev.finops.gateway.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Calls to pricing, budget and cache on the request path, with this service's key. A plain Vert.x client rather than
 * the REST client: it is the gateway's hot path, and every status (a budget's 429 included) is an answer, not an
 * exception.
 */
@ApplicationScoped
public class SuiteClient {

    private static final long TIMEOUT_MILLIS = 2000;

    private final HttpClient http;
    private final String authorization;

    public SuiteClient(Vertx vertx, @ConfigProperty(name = "finops.auth.service-key") String serviceKey) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setConnectTimeout((int) TIMEOUT_MILLIS),
                new PoolOptions().setHttp1MaxSize(64));
        this.authorization = "Bearer " + serviceKey;
    }

    public Uni<ServiceReply> get(String url) {
        return send(HttpMethod.GET, url, null);
    }

    public Uni<ServiceReply> post(String url, JsonObject body) {
        return send(HttpMethod.POST, url, body.toBuffer());
    }

    private Uni<ServiceReply> send(HttpMethod method, String url, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .setTimeout(TIMEOUT_MILLIS).putHeader("Authorization", authorization)
                .putHeader("Accept", "application/json");
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return Uni.createFrom().completionStage(() -> http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(b -> new ServiceReply(response.statusCode(),
                        response.headers(), b)))
                .toCompletionStage());
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
