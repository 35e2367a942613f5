package dev.finops.gateway.proxy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.gateway.GatewayTestBase;
import dev.finops.gateway.SuiteStub;
import dev.finops.testing.llm.LlmProviderStub;
import dev.finops.testing.llm.StubUsage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SSE streams through the gateway: relayed as sent, billed from the provider's usage, never recorded as $0. */
@QuarkusTest
@WithTestResource(SuiteStub.class)
class StreamProxyTest extends GatewayTestBase {

    private static final String CHUNK = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}],"
            + "\"usage\":null}\n\n";
    private static final String FINISH = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n";
    private static final String USAGE = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-test\",\"choices\":[],\"usage\":{\"prompt_tokens\":17,\"completion_tokens\":10,"
            + "\"total_tokens\":27}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    @Test
    void aChatStreamWithoutIncludeUsageIsBilledButTheClientDoesNotSeeTheUsageChunk() throws Exception {
        String prompt = "stream " + UUID.randomUUID();
        String visible = CHUNK.formatted("Hello") + CHUNK.formatted(" world") + FINISH;
        stubStream(prompt, visible + USAGE + DONE);

        Response r = caller().body(streamBody(prompt, false)).post("/v1/chat/completions");

        r.then().statusCode(200).header("Content-Type", org.hamcrest.Matchers.startsWith("text/event-stream"));
        assertEquals(visible + DONE, r.asString(), "every frame but the usage chunk, unchanged");
        upstream.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(prompt))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
        JsonNode usage = usageEvent(r.header("X-FinOps-Request-Id"));
        assertEquals(17, usage.path("inputTokens").asLong());
        assertEquals(10, usage.path("outputTokens").asLong());
        assertFalse(usage.path("tags").has("gateway.estimated"), usage.toString());
    }

    @Test
    void aClientThatAskedForUsageSeesTheUsageChunk() {
        String prompt = "stream usage " + UUID.randomUUID();
        String all = CHUNK.formatted("Hi") + FINISH + USAGE + DONE;
        stubStream(prompt, all);

        Response r = caller().body(streamBody(prompt, true)).post("/v1/chat/completions");

        assertEquals(all, r.asString());
    }

    @Test
    void aStreamCutBeforeItsUsageIsBilledAsEstimated() throws Exception {
        try (LlmProviderStub provider = new LlmProviderStub("sk-upstream-openai").start()) {
            String model = registered(provider);
            provider.chatUsage(StubUsage.OpenAi.of(40, 30)).cutNextStream(3);

            Response r = caller().body(streamBody(model, "cut " + UUID.randomUUID(), false)).post("/v1/chat/completions");

            JsonNode usage = usageEvent(r.header("X-FinOps-Request-Id"));
            assertEquals("true", usage.path("tags").path("gateway.estimated").asText(), usage.toString());
            assertTrue(usage.path("inputTokens").asLong() > 0, "a cut stream is not recorded as $0: " + usage);
            assertTrue(usage.path("outputTokens").asLong() > 0, "what was streamed is counted: " + usage);
            assertTrue(r.asString().contains("\"error\""), "the client is told the stream broke: " + r.asString());
        }
    }

    @Test
    void aClientThatLeavesMidStreamIsBilledTheProvidersFullUsage() throws Exception {
        try (LlmProviderStub provider = new LlmProviderStub("sk-upstream-openai").start()) {
            String model = registered(provider);
            provider.chatUsage(StubUsage.OpenAi.of(40, 30)).frameDelayMs(100);
            URI uri = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
            String body = streamBody(model, "leave " + UUID.randomUUID(), false);
            String requestId;
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                requestId = null;
                for (String line = in.readLine(); line != null && !line.startsWith("data:"); line = in.readLine()) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-finops-request-id:")) {
                        requestId = line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } // the client leaves after the first frame

            JsonNode usage = usageEvent(requestId);
            assertEquals(40, usage.path("inputTokens").asLong(), usage.toString());
            assertEquals(30, usage.path("outputTokens").asLong(), "the upstream was read to its usage: " + usage);
            assertFalse(usage.path("tags").has("gateway.estimated"), usage.toString());
        }
    }

    /** A provider of its own for this stub, serving a model only it serves. */
    private String registered(LlmProviderStub provider) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        putProvider("stub-" + id, "openai", provider.openAiBaseUrl(), "[\"gpt-stub-" + id + "\"]", "{}");
        return "gpt-stub-" + id;
    }

    @Test
    void anAnthropicStreamIsBilledFromMessageStartAndTheCumulativeMessageDelta() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        putProvider("anthropic-" + id, "anthropic", upstream.baseUrl(), "[\"claude-test\"]", "{}");
        String prompt = "anthropic " + id;
        String stream = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":200,"cache_read_input_tokens":2000,"cache_creation_input_tokens":400,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: ping
                data: {"type": "ping"}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bonjour"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":6}}

                event: message_stop
                data: {"type":"message_stop"}

                """;
        upstream.stubFor(post(urlEqualTo("/v1/messages")).withRequestBody(containing(prompt))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(stream)));

        Response r = given().header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .contentType(ContentType.JSON).body("{\"model\":\"claude-test\",\"max_tokens\":50,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}")
                .post("/v1/messages");

        assertEquals(stream, r.asString());
        upstream.verify(postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(containing(prompt))
                .withHeader("x-api-key", equalTo("sk-upstream-anthropic"))
                .withHeader("anthropic-version", equalTo("2023-06-01")));
        JsonNode usage = usageEvent(r.header("X-FinOps-Request-Id"));
        // input_tokens excludes cache reads and writes: 200 + 2000 + 400 prompt tokens, of which 2000 read, 400 written
        assertEquals(2600, usage.path("inputTokens").asLong());
        assertEquals(2000, usage.path("cachedInputTokens").asLong());
        assertEquals(400, usage.path("cacheWriteInputTokens").asLong());
        assertEquals(6, usage.path("outputTokens").asLong(), "message_delta's usage is cumulative, not added");
        assertEquals("anthropic", usage.path("provider").asText());
    }

    private void stubStream(String prompt, String body) {
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(prompt))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    private static String streamBody(String prompt, boolean includeUsage) {
        return streamBody("gpt-test", prompt, includeUsage);
    }

    private static String streamBody(String model, String prompt, boolean includeUsage) {
        return "{\"model\":\"" + model + "\",\"stream\":true," + (includeUsage
                ? "\"stream_options\":{\"include_usage\":true}," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }
}
