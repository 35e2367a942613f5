package dev.finops.e2e;

import static dev.finops.e2e.GatewayApi.gatewayUrl;
import static dev.finops.e2e.SuiteApi.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.e2e.GatewayApi.Rates;
import dev.finops.testing.llm.LlmProviderStub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input on the provider-compatible routes: malformed JSON, an unknown model, a missing key, a huge body and a
 * wrong content type each get a 4xx in the caller's provider shape (so the SDKs raise their usual errors), and
 * nothing is stored: no upstream request, no usage event.
 */
@Order(6)
@ExtendWith(Suite.class)
class GatewayWireIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Above the gateway's default body limit (finops.gateway.max-body-size, 4M). */
    static final int HUGE = 6 * 1024 * 1024;
    static LlmProviderStub stub;
    static String openAi;
    static String anthropic;
    static Rates chat;
    static Rates claude;

    @BeforeAll
    static void providers() {
        stub = new LlmProviderStub(GatewayApi.providerKey()).start();
        chat = Rates.put(unique("gw-wire-chat"), "0.002", "0.001", "0.002", "0.008", "0.008");
        claude = Rates.put(unique("gw-wire-claude"), "0.003", "0.0003", "0.00375", "0.015", "0.015");
        Rates.awaitInGateway();
        openAi = unique("e2e-wire-openai");
        anthropic = unique("e2e-wire-anthropic");
        GatewayApi.openAiProvider(openAi, stub, List.of(chat.model()));
        GatewayApi.anthropicProvider(anthropic, stub, List.of(claude.model()));
    }

    @AfterAll
    static void stop() {
        GatewayApi.deleteProvider(openAi);
        GatewayApi.deleteProvider(anthropic);
        stub.close();
    }

    @Test
    void badInputIsAProviderShaped4xxAndStoresNothing() {
        String team = unique("gw-wire");
        String key = SuiteApi.key("ingest", team);
        String head = SuiteApi.feedHead();
        String unknown = unique("no-such-model");
        String chatBody = "{\"model\":\"" + chat.model() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String claudeBody = "{\"model\":\"" + claude.model() + "\",\"max_tokens\":64,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String hugeChat = "{\"model\":\"" + chat.model() + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(HUGE) + "\"}]}";
        String hugeClaude = "{\"model\":\"" + claude.model() + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + "x".repeat(HUGE) + "\"}]}";
        List<String> wrong = new ArrayList<>();

        // OpenAI: {"error":{"message","type","param","code"}}
        check(wrong, "malformed JSON", openAi(key, "{\"model\": \"" + chat.model() + "\", \"messages\": [", "application/json"), 400, false, null);
        check(wrong, "unknown model", openAi(key, chatBody.replace(chat.model(), unknown), "application/json"), 400, false, unknown);
        check(wrong, "no key", openAi(null, chatBody, "application/json"), 401, false, null);
        check(wrong, "huge body", openAi(key, hugeChat, "application/json"), 413, false, null);
        check(wrong, "text/plain", openAi(key, chatBody, "text/plain"), -1, false, null);
        // Anthropic: {"type":"error","error":{"type","message"}}
        check(wrong, "malformed JSON", anthropic(key, "{\"model\": [", "application/json"), 400, true, null);
        check(wrong, "unknown model", anthropic(key, claudeBody.replace(claude.model(), unknown), "application/json"), 400, true, unknown);
        check(wrong, "no key", anthropic(null, claudeBody, "application/json"), 401, true, null);
        check(wrong, "huge body", anthropic(key, hugeClaude, "application/json"), 413, true, null);
        check(wrong, "text/plain", anthropic(key, claudeBody, "text/plain"), -1, true, null);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals(0, stub.count(), "no upstream request: " + stub.requests());

        // A good call after them: once its event is in ingest, anything the bad ones had queued would be too.
        Answer good = openAi(key, chatBody, "application/json");
        assertEquals(200, good.status(), good.toString());
        String id = good.header("x-finops-request-id");
        List<JsonNode> stored = new ArrayList<>(GatewayApi.awaitEvents(head, team, Set.of(id), Duration.ofSeconds(60))
                .values());
        assertEquals(List.of(id), stored.stream().map(e -> e.get("eventId").asText()).toList(),
                "nothing stored for the refused requests");
    }

    private static void check(List<String> wrong, String what, Answer a, int status, boolean anthropicShape,
                              String named) {
        String label = (anthropicShape ? "anthropic " : "openai ") + what + " -> " + a;
        if (status > 0 ? a.status() != status : a.status() < 400 || a.status() >= 500) {
            wrong.add(label + ": expected " + (status > 0 ? status : "a 4xx"));
            return;
        }
        JsonNode body;
        try {
            body = Http.JSON.readTree(a.body());
        } catch (IOException | RuntimeException e) {
            wrong.add(label + ": not JSON");
            return;
        }
        JsonNode error = body.path("error");
        boolean shaped = anthropicShape
                ? "error".equals(body.path("type").asText()) && error.path("type").isTextual()
                        && error.path("message").isTextual()
                : error.isObject() && error.path("message").isTextual() && error.has("type") && error.has("param")
                        && error.has("code");
        if (!shaped) {
            wrong.add(label + ": not " + (anthropicShape ? "Anthropic's" : "OpenAI's") + " error shape");
        }
        if (named != null && !a.body().contains(named)) {
            wrong.add(label + ": does not name " + named);
        }
    }

    record Answer(int status, String body, HttpResponse<String> response) {
        String header(String name) {
            return response == null ? null : response.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    private static Answer openAi(String key, String body, String contentType) {
        return send("/v1/chat/completions", key == null ? Map.of() : Map.of("Authorization", "Bearer " + key), body,
                contentType);
    }

    private static Answer anthropic(String key, String body, String contentType) {
        return send("/v1/messages", key == null ? Map.of("anthropic-version", "2023-06-01")
                : Map.of("x-api-key", key, "anthropic-version", "2023-06-01"), body, contentType);
    }

    private static Answer send(String path, Map<String, String> headers, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gatewayUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body,
                        StandardCharsets.UTF_8));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            return new Answer(-1, "no answer: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
