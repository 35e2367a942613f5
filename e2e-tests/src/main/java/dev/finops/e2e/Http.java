package dev.finops.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A small JSON-over-HTTP client for the suite's public APIs; money is read as BigDecimal, never double. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Every response seen ("METHOD url" and body), so a test can look for leaked secrets in them. */
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static volatile boolean recording;

    private Http() {
    }

    public record Response(int status, String contentType, String body, Map<String, List<String>> headers) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + contentType + " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        }
    }

    /** Starts keeping every response body (see {@link #seenBodies()}). */
    public static void recordResponses() {
        recording = true;
    }

    /** Each entry: the request line, a newline, the response body. */
    public static List<String> seenResponses() {
        return List.copyOf(SEEN);
    }

    public static Response get(String url, String key) {
        return send("GET", url, key, null);
    }

    public static Response post(String url, String key, Object body) {
        return send("POST", url, key, body);
    }

    public static Response put(String url, String key, Object body) {
        return send("PUT", url, key, body);
    }

    public static Response delete(String url, String key) {
        return send("DELETE", url, key, null);
    }

    /** body: null, a String (sent as is), byte[] (raw) or an object written as JSON. */
    public static Response send(String method, String url, String key, Object body) {
        return send(method, url, key, body, "application/json", Duration.ofSeconds(30));
    }

    public static Response send(String method, String url, String key, Object body, String contentType,
                                Duration timeout) {
        return sendWithHeaders(method, url, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key), body,
                contentType, timeout);
    }

    /** With these request headers (e.g. x-api-key and X-FinOps-* for the gateway's provider routes). */
    public static Response sendWithHeaders(String method, String url, Map<String, String> headers, Object body,
                                           String contentType, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        headers.forEach(b::header);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (recording) {
                SEEN.add(method + " " + url + "\n" + r.body());
            }
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(),
                    r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(Object body) {
        if (body instanceof byte[] raw) {
            return raw;
        }
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
