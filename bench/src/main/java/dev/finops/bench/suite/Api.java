package dev.finops.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON calls to the suite's REST APIs with a bearer key (set-up and probes; load generators build their own requests). */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    public Api(HttpClient client) {
        this.client = client;
    }

    public static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public HttpClient client() {
        return client;
    }

    public static HttpRequest jsonRequest(URI uri, String key, String method, String body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    public JsonNode post(URI uri, String key, Object body) {
        return call(uri, key, "POST", body);
    }

    public JsonNode put(URI uri, String key, Object body) {
        return call(uri, key, "PUT", body);
    }

    public JsonNode get(URI uri, String key) {
        return call(uri, key, "GET", null);
    }

    public String text(URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public PromText metrics(URI service) {
        return PromText.parse(text(service.resolve("/q/metrics")));
    }

    private JsonNode call(URI uri, String key, String method, Object body) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpResponse<String> response = client.send(jsonRequest(uri, key, method, text),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
