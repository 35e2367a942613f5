package dev.finops.gateway.outbox.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.gateway.config.GatewayConfig;
import dev.finops.gateway.outbox.app.IngestAnswer;
import dev.finops.http.auth.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * ingest's {@code POST /api/v1/usage} for the outbox, with this service's key. Every outcome is an
 * {@link IngestAnswer}, never a failure, and nothing of the events (nor the key) goes into a message.
 */
@ApplicationScoped
public class IngestUsageClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String uri;
    private final String authorization;
    private final Duration timeout;

    public IngestUsageClient(Vertx vertx, GatewayConfig config, AuthConfig auth) {
        this.timeout = config.outbox().sendTimeout();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())).setMaxPoolSize(4));
        this.uri = config.ingestUrl().replaceAll("/+$", "") + "/api/v1/usage";
        this.authorization = "Bearer " + auth.serviceKey().orElse("");
    }

    /** Posts a JSON array of events. */
    public Uni<IngestAnswer> post(Buffer events) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri)
                .putHeader("Authorization", authorization).putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json").setIdleTimeout(timeout.toMillis());
        return http.request(request)
                .flatMap(req -> req.send(events))
                .flatMap(resp -> resp.body().map(body -> answer(resp.statusCode(), resp.getHeader("Retry-After"),
                        body)))
                .ifNoItem().after(timeout.plusSeconds(1)).fail()
                .onFailure().recoverWithItem(IngestUsageClient::failed);
    }

    static IngestAnswer answer(int status, String retryAfter, Buffer body) {
        if (status / 100 == 2) {
            return new IngestAnswer.Accepted();
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new IngestAnswer.Failed("unavailable", "ingest answered " + status, seconds(retryAfter));
        }
        JsonNode problem = problem(body);
        Map<Integer, String> byIndex = byIndex(problem);
        String detail = "ingest answered " + status + ": " + problem.path("detail").asText("");
        boolean aboutEvents = status == 400 || status == 409 || status == 413 || status == 422
                || (status == 403 && !byIndex.isEmpty());  // 403 naming events: another team's; else our key
        return aboutEvents ? new IngestAnswer.Rejected(byIndex, detail)
                : new IngestAnswer.Failed("refused", detail, null);
    }

    /** By event index, "field: message; ..." of what ingest found wrong with it. */
    private static Map<Integer, String> byIndex(JsonNode problem) {
        Map<Integer, String> byIndex = new TreeMap<>();
        for (JsonNode error : problem.path("errors")) {
            JsonNode index = error.get("index");
            if (index != null && index.canConvertToInt()) {
                String what = error.path("field").asText("") + ": " + error.path("message").asText("");
                byIndex.merge(index.intValue(), what, (a, b) -> a + "; " + b);
            }
        }
        return byIndex;
    }

    private static JsonNode problem(Buffer body) {
        try {
            JsonNode node = JSON.readTree(body.getBytes());
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static IngestAnswer failed(Throwable e) {
        String reason = e instanceof TimeoutException ? "timeout" : "connection";
        return new IngestAnswer.Failed(reason, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
    }

    private static Duration seconds(String retryAfter) {
        try {
            return retryAfter == null ? null : Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return null;  // an HTTP date: our own backoff is good enough
        }
    }
}
