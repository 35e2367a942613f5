package dev.finops.testing.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stub against its own HTTP, read as an SDK would read it. */
class LlmProviderStubTest {

    static final String KEY = "sk-stub-test";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static LlmProviderStub stub;

    @BeforeAll
    static void start() {
        stub = new LlmProviderStub(KEY).start();
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void clean() {
        stub.reset().delayMs(0).frameDelayMs(0).chatUsage(null).responsesUsage(null).messagesUsage(null)
                .embeddingTokens(null);
    }

    @Test
    void chatAnswersFromThePromptWithTheConfiguredUsage() {
        stub.chatUsage(new StubUsage.OpenAi(2600, 50, 2000, 400, 20));
        HttpResponse<String> r = openAi("/v1/chat/completions", chat("What is the capital of France?", false));
        assertEquals(200, r.statusCode());
        JsonObject body = new JsonObject(r.body());
        assertEquals("chat.completion", body.getString("object"));
        assertEquals("gpt-stub", body.getString("model"));
        JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
        assertEquals(StubAnswer.text("What is the capital of France?"), choice.getJsonObject("message").getString("content"));
        assertTrue(choice.getJsonObject("message").getString("content").startsWith("Stub answer "));
        assertEquals("stop", choice.getString("finish_reason"));
        JsonObject usage = body.getJsonObject("usage");
        assertEquals(2600, usage.getLong("prompt_tokens"));
        assertEquals(50, usage.getLong("completion_tokens"));
        assertEquals(2650, usage.getLong("total_tokens"));
        assertEquals(2000, usage.getJsonObject("prompt_tokens_details").getLong("cached_tokens"));
        assertEquals(400, usage.getJsonObject("prompt_tokens_details").getLong("cache_write_tokens"));
        assertEquals(20, usage.getJsonObject("completion_tokens_details").getLong("reasoning_tokens"));
        assertTrue(r.headers().firstValue("x-request-id").orElseThrow().startsWith("req_"));
    }

    @Test
    void chatStreamHasNoUsageChunkUnlessAskedFor() {
        HttpResponse<String> plain = openAi("/v1/chat/completions", chat("hello there", true));
        assertEquals("text/event-stream; charset=utf-8", plain.headers().firstValue("content-type").orElseThrow());
        List<String> data = dataLines(plain.body());
        assertEquals("[DONE]", data.get(data.size() - 1));
        List<JsonObject> chunks = data.subList(0, data.size() - 1).stream().map(JsonObject::new).toList();
        assertTrue(chunks.stream().allMatch(c -> "chat.completion.chunk".equals(c.getString("object"))));
        assertTrue(chunks.stream().noneMatch(c -> c.containsKey("usage")), "no usage key without include_usage");
        assertEquals(StubAnswer.text("hello there"), text(chunks));
        assertEquals("stop", chunks.get(chunks.size() - 1).getJsonArray("choices").getJsonObject(0)
                .getString("finish_reason"));

        stub.chatUsage(StubUsage.OpenAi.of(17, 10));
        JsonObject req = chat("hello there", true).put("stream_options", new JsonObject().put("include_usage", true));
        List<String> withUsage = dataLines(openAi("/v1/chat/completions", req).body());
        assertEquals("[DONE]", withUsage.get(withUsage.size() - 1));
        JsonObject last = new JsonObject(withUsage.get(withUsage.size() - 2));
        assertEquals(new JsonArray(), last.getJsonArray("choices"));
        assertEquals(27, last.getJsonObject("usage").getLong("total_tokens"));
        for (String d : withUsage.subList(0, withUsage.size() - 2)) {
            JsonObject c = new JsonObject(d);
            assertTrue(c.containsKey("usage") && c.getValue("usage") == null, "every other chunk has usage:null");
        }
    }

    @Test
    void chatRefusesStreamOptionsWithoutStream() {
        JsonObject req = chat("x", false).put("stream_options", new JsonObject().put("include_usage", true));
        HttpResponse<String> r = openAi("/v1/chat/completions", req);
        assertEquals(400, r.statusCode());
        assertEquals("stream_options", new JsonObject(r.body()).getJsonObject("error").getString("param"));
    }

    @Test
    void responsesStreamEndsWithCompletedCarryingUsage() {
        stub.responsesUsage(new StubUsage.OpenAi(100, 30, 40, 0, 12));
        JsonObject req = new JsonObject().put("model", "gpt-stub").put("input", "Tell me a joke").put("stream", true);
        HttpResponse<String> r = openAi("/v1/responses", req);
        List<String[]> events = events(r.body());
        List<String> types = events.stream().map(e -> e[0]).toList();
        assertEquals("response.created", types.get(0));
        assertEquals("response.completed", types.get(types.size() - 1));
        assertTrue(types.contains("response.output_text.delta"));
        long seq = -1;
        StringBuilder text = new StringBuilder();
        for (String[] e : events) {
            JsonObject data = new JsonObject(e[1]);
            assertEquals(e[0], data.getString("type"));
            assertTrue(data.getLong("sequence_number") > seq);
            seq = data.getLong("sequence_number");
            if ("response.output_text.delta".equals(e[0])) {
                text.append(data.getString("delta"));
            }
        }
        assertEquals(StubAnswer.text("Tell me a joke"), text.toString());
        JsonObject done = new JsonObject(events.get(events.size() - 1)[1]).getJsonObject("response");
        assertEquals("completed", done.getString("status"));
        assertEquals(100, done.getJsonObject("usage").getLong("input_tokens"));
        assertEquals(40, done.getJsonObject("usage").getJsonObject("input_tokens_details").getLong("cached_tokens"));
        assertEquals(12, done.getJsonObject("usage").getJsonObject("output_tokens_details").getLong("reasoning_tokens"));
        assertEquals(130, done.getJsonObject("usage").getLong("total_tokens"));
    }

    @Test
    void responsesCutByMaxOutputTokensEndIncomplete() {
        JsonObject req = new JsonObject().put("model", "gpt-stub").put("input", "one two three four")
                .put("max_output_tokens", 2).put("stream", true);
        List<String[]> events = events(openAi("/v1/responses", req).body());
        String[] last = events.get(events.size() - 1);
        assertEquals("response.incomplete", last[0]);
        JsonObject response = new JsonObject(last[1]).getJsonObject("response");
        assertEquals("max_output_tokens", response.getJsonObject("incomplete_details").getString("reason"));
        assertEquals(2, response.getJsonObject("usage").getLong("output_tokens"));

        JsonObject json = new JsonObject(openAi("/v1/responses", req.copy().put("stream", false)).body());
        assertEquals("response", json.getString("object"));
        assertEquals("incomplete", json.getString("status"));
        assertEquals("Stub answer", json.getJsonArray("output").getJsonObject(0).getJsonArray("content")
                .getJsonObject(0).getString("text"));
    }

    @Test
    void embeddingsAsFloatsOrBase64() {
        stub.embeddingTokens(7L);
        JsonObject req = new JsonObject().put("model", "emb-stub").put("input", new JsonArray().add("a").add("b"));
        JsonObject floats = new JsonObject(openAi("/v1/embeddings", req).body());
        assertEquals(2, floats.getJsonArray("data").size());
        JsonArray v = floats.getJsonArray("data").getJsonObject(0).getJsonArray("embedding");
        assertEquals(8, v.size());
        assertEquals(7, floats.getJsonObject("usage").getLong("prompt_tokens"));
        assertEquals(7, floats.getJsonObject("usage").getLong("total_tokens"));

        JsonObject b64 = new JsonObject(openAi("/v1/embeddings", req.copy().put("encoding_format", "base64")).body());
        byte[] raw = Base64.getDecoder().decode(b64.getJsonArray("data").getJsonObject(0).getString("embedding"));
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(32, raw.length);
        assertEquals(v.getFloat(0), buf.getFloat(0), 1e-6);
    }

    @Test
    void messagesJsonAndStreamUseAnthropicAccounting() {
        stub.messagesUsage(new StubUsage.Anthropic(11, 6, 300, 200, 100));
        JsonObject req = new JsonObject().put("model", "claude-stub").put("max_tokens", 1024)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user")
                        .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "Hi Claude")))));
        HttpResponse<String> r = anthropic(req, KEY, true);
        assertEquals(200, r.statusCode());
        JsonObject msg = new JsonObject(r.body());
        assertEquals("message", msg.getString("type"));
        assertEquals(StubAnswer.text("Hi Claude"), msg.getJsonArray("content").getJsonObject(0).getString("text"));
        JsonObject usage = msg.getJsonObject("usage");
        assertEquals(11, usage.getLong("input_tokens"));
        assertEquals(300, usage.getLong("cache_creation_input_tokens"));
        assertEquals(300, usage.getLong("cache_read_input_tokens"));
        assertEquals(100, usage.getJsonObject("cache_creation").getLong("ephemeral_1h_input_tokens"));
        assertEquals(200, usage.getJsonObject("cache_creation").getLong("ephemeral_5m_input_tokens"));
        assertTrue(r.headers().firstValue("request-id").isPresent());

        List<String[]> events = events(anthropic(req.copy().put("stream", true), KEY, true).body());
        List<String> types = events.stream().map(e -> e[0]).toList();
        assertEquals(List.of("message_start", "content_block_start", "ping"), types.subList(0, 3));
        assertEquals(List.of("content_block_stop", "message_delta", "message_stop"),
                types.subList(types.size() - 3, types.size()));
        JsonObject start = new JsonObject(events.get(0)[1]).getJsonObject("message").getJsonObject("usage");
        assertEquals(11, start.getLong("input_tokens"));
        assertEquals(1, start.getLong("output_tokens"));
        JsonObject delta = new JsonObject(events.get(types.indexOf("message_delta"))[1]);
        assertEquals(6, delta.getJsonObject("usage").getLong("output_tokens"), "cumulative output");
        assertEquals("end_turn", delta.getJsonObject("delta").getString("stop_reason"));
        assertFalse(r.body().contains("[DONE]"));
    }

    @Test
    void theProviderKeyIsChecked() {
        HttpResponse<String> openAi = send("/v1/chat/completions", chat("x", false).encode(),
                Map.of("authorization", "Bearer wrong", "content-type", "application/json"));
        assertEquals(401, openAi.statusCode());
        JsonObject err = new JsonObject(openAi.body()).getJsonObject("error");
        assertEquals("invalid_api_key", err.getString("code"));
        assertEquals("invalid_request_error", err.getString("type"));
        assertTrue(err.containsKey("param"));

        JsonObject req = new JsonObject().put("model", "claude-stub").put("max_tokens", 5)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")));
        HttpResponse<String> ant = anthropic(req, "wrong", true);
        assertEquals(401, ant.statusCode());
        assertEquals("error", new JsonObject(ant.body()).getString("type"));
        assertEquals("authentication_error", new JsonObject(ant.body()).getJsonObject("error").getString("type"));

        HttpResponse<String> noVersion = anthropic(req, KEY, false);
        assertEquals(400, noVersion.statusCode());
        assertEquals("invalid_request_error", new JsonObject(noVersion.body()).getJsonObject("error").getString("type"));
        assertFalse(stub.requests().get(0).body().isEmpty());
    }

    @Test
    void plannedStatusesInEachProvidersShape() {
        stub.failNext(2, 429).failNext(1, 500);
        HttpResponse<String> first = openAi("/v1/chat/completions", chat("x", false));
        assertEquals(429, first.statusCode());
        assertEquals("1", first.headers().firstValue("retry-after").orElseThrow());
        assertEquals("rate_limit_exceeded", new JsonObject(first.body()).getJsonObject("error").getString("code"));
        assertEquals(429, openAi("/v1/chat/completions", chat("x", false)).statusCode());
        HttpResponse<String> third = openAi("/v1/chat/completions", chat("x", false));
        assertEquals(500, third.statusCode());
        assertEquals("server_error", new JsonObject(third.body()).getJsonObject("error").getString("type"));
        assertEquals(200, openAi("/v1/chat/completions", chat("x", false)).statusCode());

        stub.failNext(1, 529);
        JsonObject req = new JsonObject().put("model", "claude-stub").put("max_tokens", 5)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")));
        HttpResponse<String> overloaded = anthropic(req, KEY, true);
        assertEquals(529, overloaded.statusCode());
        assertEquals("overloaded_error", new JsonObject(overloaded.body()).getJsonObject("error").getString("type"));
        assertEquals("Overloaded", new JsonObject(overloaded.body()).getJsonObject("error").getString("message"));
        assertEquals(4, stub.count("/v1/chat/completions"));
        assertEquals(1, stub.count("/v1/messages"));
    }

    @Test
    void aStreamCanBeCutOrEndWithAnErrorEvent() {
        stub.cutNextStream(3);
        // over a plain socket: what the stub wrote before closing arrives before the close, whereas an HTTP client
        // may report the premature end first and drop the frames it holds (flaky in CI)
        List<String> received = rawPost("/v1/chat/completions", chat("one two three four five", true).encode());
        assertEquals(3, received.stream().filter(l -> l.startsWith("data: ")).count());
        assertTrue(received.stream().noneMatch(l -> l.contains("[DONE]")));

        stub.errorNextStream(2);
        JsonObject req = new JsonObject().put("model", "claude-stub").put("max_tokens", 50).put("stream", true)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")));
        List<String[]> events = events(anthropic(req, KEY, true).body());
        assertEquals(3, events.size());
        assertEquals("error", events.get(2)[0]);
        assertEquals("overloaded_error", new JsonObject(events.get(2)[1]).getJsonObject("error").getString("type"));

        stub.errorNextStream(1);
        List<String> data = dataLines(openAi("/v1/chat/completions", chat("hi", true)).body());
        assertEquals(2, data.size());
        assertTrue(new JsonObject(data.get(1)).containsKey("error"));
    }

    @Test
    void requestsAreRecordedAndDelayed() {
        stub.delayMs(300);
        long t0 = System.nanoTime();
        HttpResponse<String> r = send("/v1/chat/completions", chat("recorded", false).encode(),
                Map.of("authorization", "Bearer " + KEY, "content-type", "application/json", "x-custom", "v1"));
        assertEquals(200, r.statusCode());
        assertTrue(System.nanoTime() - t0 >= 300_000_000L);
        RecordedRequest got = stub.requests("/v1/chat/completions").get(0);
        assertEquals("POST", got.method());
        assertEquals("v1", got.header("X-Custom"));
        assertEquals("gpt-stub", got.model());
        assertFalse(got.stream());
        assertEquals(1, stub.count());

        HttpResponse<String> bad = send("/v1/chat/completions", "{not json", bearer());
        assertEquals(400, bad.statusCode());
        assertEquals("invalid_request_error", new JsonObject(bad.body()).getJsonObject("error").getString("type"));
        assertNull(stub.requests().get(1).json());
        assertEquals(2, stub.count("/v1/chat/completions"));
    }

    // --- helpers ---

    static JsonObject chat(String prompt, boolean stream) {
        return new JsonObject().put("model", "gpt-stub").put("stream", stream)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "system").put("content", "be brief"))
                        .add(new JsonObject().put("role", "user").put("content", prompt)));
    }

    static String text(List<JsonObject> chunks) {
        StringBuilder sb = new StringBuilder();
        for (JsonObject c : chunks) {
            JsonArray choices = c.getJsonArray("choices");
            if (!choices.isEmpty() && choices.getJsonObject(0).getJsonObject("delta").getString("content") != null) {
                sb.append(choices.getJsonObject(0).getJsonObject("delta").getString("content"));
            }
        }
        return sb.toString();
    }

    static List<String> dataLines(String sse) {
        return sse.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    }

    /** {event, data} pairs of an SSE body. */
    static List<String[]> events(String sse) {
        List<String[]> out = new ArrayList<>();
        for (String frame : sse.split("\n\n")) {
            String event = null;
            String data = null;
            for (String line : frame.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (data != null) {
                out.add(new String[] {event, data});
            }
        }
        return out;
    }

    /** Every line of a raw HTTP/1.1 answer, read until the server closes the connection. */
    static List<String> rawPost(String path, String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", stub.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // a reset after the frames: what was read stays in lines
        }
        return lines;
    }

    static Map<String, String> bearer() {
        return Map.of("authorization", "Bearer " + KEY, "content-type", "application/json");
    }

    static HttpResponse<String> openAi(String path, JsonObject body) {
        return send(path, body.encode(), bearer());
    }

    static HttpResponse<String> anthropic(JsonObject body, String key, boolean version) {
        Map<String, String> h = new java.util.HashMap<>(Map.of("x-api-key", key, "content-type", "application/json"));
        if (version) {
            h.put("anthropic-version", "2023-06-01");
        }
        return send("/v1/messages", body.encode(), h);
    }

    static HttpRequest post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stub.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return b.build();
    }

    static HttpResponse<String> send(String path, String body, Map<String, String> headers) {
        try {
            return HTTP.send(post(path, body, headers), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
