package dev.finops.bench.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.bench.load.HttpConnection;
import dev.finops.bench.load.OpenLoop;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stub answers as OpenAI's chat completions API does, after its delay, with its fixed usage. */
class LlmStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LlmStub stub;
    private static URI server;

    @BeforeAll
    static void start() throws Exception {
        stub = LlmStub.start(Duration.ofMillis(30), new LlmStub.Usage(120, 40));
        server = URI.create("http://127.0.0.1:" + stub.port());
    }

    @AfterAll
    static void stop() throws Exception {
        stub.close();
    }

    @Test
    void aJsonCallGetsAChatCompletionWithTheUsageAfterTheDelay() throws Exception {
        try (HttpConnection c = new HttpConnection(server)) {
            long sent = System.nanoTime();
            HttpConnection.Answer a = c.post("/v1/chat/completions", "sk-x",
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            long tookMillis = (System.nanoTime() - sent) / 1_000_000;
            assertEquals(200, a.status());
            assertTrue(tookMillis >= 30, "answered after the delay, not before: " + tookMillis + " ms");
            JsonNode body = JSON.readTree(a.body());
            assertEquals("chat.completion", body.path("object").asText());
            assertEquals("gpt-4o-mini", body.path("model").asText());
            assertEquals("The request was handled.", body.at("/choices/0/message/content").asText());
            assertEquals("stop", body.at("/choices/0/finish_reason").asText());
            assertEquals(120, body.at("/usage/prompt_tokens").asInt());
            assertEquals(40, body.at("/usage/completion_tokens").asInt());
            assertEquals(160, body.at("/usage/total_tokens").asInt());
            assertEquals(0, body.at("/usage/prompt_tokens_details/cached_tokens").asInt());
        }
    }

    @Test
    void aStreamEndsWithAUsageChunkOnlyWhenAskedAndThenDone() throws Exception {
        try (HttpConnection c = new HttpConnection(server)) {
            List<JsonNode> withUsage = events(c.post("/v1/chat/completions", "sk-x", "{\"model\":\"m\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"messages\":[]}"));
            JsonNode last = withUsage.get(withUsage.size() - 1);
            assertEquals(0, last.path("choices").size(), "the usage chunk has no choices");
            assertEquals(120, last.at("/usage/prompt_tokens").asInt());
            assertEquals(40, last.at("/usage/completion_tokens").asInt());
            assertTrue(withUsage.subList(0, withUsage.size() - 1).stream().allMatch(e -> e.path("usage").isNull()),
                    "every other chunk carries usage: null");
            StringBuilder text = new StringBuilder();
            withUsage.forEach(e -> text.append(e.at("/choices/0/delta/content").asText("")));
            assertEquals("The request was handled.", text.toString());
            assertEquals("stop", withUsage.get(withUsage.size() - 2).at("/choices/0/finish_reason").asText());

            List<JsonNode> without = events(c.post("/v1/chat/completions", "sk-x",
                    "{\"model\":\"m\",\"stream\":true,\"messages\":[]}"));
            assertEquals(withUsage.size() - 1, without.size(), "no usage chunk unless stream_options.include_usage");
            assertTrue(without.stream().noneMatch(e -> e.has("usage")));
        }
    }

    @Test
    void aStreamsFirstByteComesAfterTheDelayAndTheOpenLoopSeesIt() throws Exception {
        OpenLoop.Result r = OpenLoop.run(server, 4, 100, Duration.ofMillis(500), i -> new OpenLoop.Post(
                "/v1/chat/completions", "sk-x", "{\"model\":\"m\",\"stream\":true,\"messages\":[]}",
                Map.of("X-FinOps-Agent", "a"), "data: [DONE]"));
        assertEquals(50, r.ok(), "statuses " + r.statuses());
        assertTrue(r.firstByteMicros().getValueAtPercentile(50) >= 30_000, "first byte after the 30 ms delay");
        assertTrue(r.firstByteMicros().getValueAtPercentile(50) <= r.latencyMicros().getValueAtPercentile(50));
        OpenLoop.Result incomplete = OpenLoop.run(server, 2, 100, Duration.ofMillis(100), i -> new OpenLoop.Post(
                "/v1/chat/completions", "sk-x", "{\"model\":\"m\",\"messages\":[]}", Map.of(), "data: [DONE]"));
        assertEquals(Map.of(OpenLoop.INCOMPLETE, 10L), incomplete.statuses(), "a 2xx answer without its end fails");
    }

    @Test
    void unknownPathsAndBadJsonGetOpenAiShapedErrors() throws Exception {
        try (HttpConnection c = new HttpConnection(server)) {
            HttpConnection.Answer missing = c.post("/v1/completions", "sk-x", "{}");
            assertEquals(404, missing.status());
            assertEquals("invalid_request_error", JSON.readTree(missing.body()).at("/error/type").asText());
            HttpConnection.Answer bad = c.post("/v1/chat/completions", "sk-x", "{not json");
            assertEquals(400, bad.status());
            assertFalse(JSON.readTree(bad.body()).at("/error/message").asText().isEmpty());
        }
    }

    /** The JSON of each SSE data line, checking the framing and the final [DONE]. */
    private static List<JsonNode> events(HttpConnection.Answer a) throws Exception {
        assertEquals(200, a.status());
        assertTrue(a.body().endsWith("data: [DONE]\n\n"), a.body());
        List<JsonNode> events = new ArrayList<>();
        for (String block : a.body().split("\n\n")) {
            assertTrue(block.startsWith("data: "), block);
            String data = block.substring(6);
            if (!data.equals("[DONE]")) {
                JsonNode e = JSON.readTree(data);
                assertEquals("chat.completion.chunk", e.path("object").asText());
                events.add(e);
            }
        }
        return events;
    }
}
