package dev.finops.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.gateway.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WireRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String MESSAGES = "\"model\":\"claude\",\"max_tokens\":1024,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static WireRequest parse(WireApi api, String body) {
        return WireRequest.parse(api, Buffer.buffer(body));
    }

    private static JsonNode tree(Buffer body) throws Exception {
        return JSON.readTree(body.getBytes());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of(WireApi.CHAT, "", "body", "body: is empty; send a JSON object"),
                Arguments.of(WireApi.CHAT, "[1,2]", "body", "body: must be a JSON object"),
                Arguments.of(WireApi.CHAT, "\"text\"", "body", "body: must be a JSON object"),
                Arguments.of(WireApi.CHAT, "null", "body", "body: must be a JSON object"),
                Arguments.of(WireApi.CHAT, "{\"model\":", "body", "body: is not valid JSON (line 1, column 10)"),
                Arguments.of(WireApi.CHAT, "{" + CHAT + "} {}", "body", "body: is not valid JSON (line 1, column 64)"),
                Arguments.of(WireApi.CHAT, "{\"messages\":[{}]}", "model", "model: is required"),
                Arguments.of(WireApi.CHAT, "{\"model\":null}", "model", "model: is required"),
                Arguments.of(WireApi.CHAT, "{\"model\":4}", "model", "model: must be a string"),
                Arguments.of(WireApi.CHAT, "{\"model\":\" \"}", "model", "model: must not be empty"),
                Arguments.of(WireApi.CHAT, "{" + CHAT + ",\"stream\":\"yes\"}", "stream",
                        "stream: must be true or false"),
                Arguments.of(WireApi.CHAT, "{\"model\":\"m\"}", "messages", "messages: is required"),
                Arguments.of(WireApi.CHAT, "{\"model\":\"m\",\"messages\":[]}", "messages",
                        "messages: must be a non-empty array"),
                Arguments.of(WireApi.CHAT, "{\"model\":\"m\",\"messages\":\"hi\"}", "messages",
                        "messages: must be a non-empty array"),
                Arguments.of(WireApi.CHAT, "{\"model\":\"m\",\"messages\":[{},\"hi\"]}", "messages[1]",
                        "messages[1]: must be an object"),
                Arguments.of(WireApi.CHAT, "{" + CHAT + ",\"max_tokens\":0}", "max_tokens",
                        "max_tokens: must be a whole number of at least 1"),
                Arguments.of(WireApi.CHAT, "{" + CHAT + ",\"max_tokens\":1.5}", "max_tokens",
                        "max_tokens: must be a whole number of at least 1"),
                Arguments.of(WireApi.CHAT, "{" + CHAT + ",\"max_completion_tokens\":\"100\"}", "max_completion_tokens",
                        "max_completion_tokens: must be a whole number of at least 1"),
                Arguments.of(WireApi.CHAT, "{" + CHAT + ",\"stream_options\":true}", "stream_options",
                        "stream_options: must be an object"),
                Arguments.of(WireApi.CHAT, "{" + CHAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":1}}",
                        "stream_options.include_usage", "stream_options.include_usage: must be true or false"),
                Arguments.of(WireApi.CHAT, "{" + CHAT + ",\"user\":42}", "user", "user: must be a string"),
                Arguments.of(WireApi.CHAT, "{" + CHAT + ",\"metadata\":[]}", "metadata", "metadata: must be an object"),
                Arguments.of(WireApi.RESPONSES, "{\"model\":\"m\",\"input\":5}", "input",
                        "input: must be a string or an array"),
                Arguments.of(WireApi.RESPONSES, "{\"model\":\"m\",\"input\":[]}", "input", "input: must not be empty"),
                Arguments.of(WireApi.RESPONSES, "{\"model\":\"m\",\"input\":\"hi\",\"instructions\":{}}",
                        "instructions", "instructions: must be a string"),
                Arguments.of(WireApi.RESPONSES, "{\"model\":\"m\",\"input\":\"hi\",\"max_output_tokens\":-1}",
                        "max_output_tokens", "max_output_tokens: must be a whole number of at least 1"),
                Arguments.of(WireApi.EMBEDDINGS, "{\"model\":\"m\"}", "input", "input: is required"),
                Arguments.of(WireApi.EMBEDDINGS, "{\"model\":\"m\",\"input\":\"a\",\"stream\":true}", "stream",
                        "stream: embeddings are not streamed; leave it out"),
                Arguments.of(WireApi.MESSAGES, "{\"model\":\"m\",\"messages\":[{}]}", "max_tokens",
                        "max_tokens: is required"),
                Arguments.of(WireApi.MESSAGES, "{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{}]}", "max_tokens",
                        "max_tokens: must be a whole number of at least 1"),
                Arguments.of(WireApi.MESSAGES, "{\"model\":\"m\",\"max_tokens\":9}", "messages",
                        "messages: is required"),
                Arguments.of(WireApi.MESSAGES, "{" + MESSAGES + ",\"system\":7}", "system",
                        "system: must be a string or an array of text blocks"),
                Arguments.of(WireApi.MESSAGES, "{" + MESSAGES + ",\"metadata\":{\"user_id\":7}}", "metadata.user_id",
                        "metadata.user_id: must be a string"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badBodies")
    void everyBadBodyNamesItsField(WireApi api, String body, String param, String message) {
        GatewayException e = assertThrows(GatewayException.class, () -> parse(api, body));
        assertEquals(GatewayException.Kind.INVALID, e.kind());
        assertEquals(param, e.param());
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("Exception") || e.getMessage().contains("jackson"), e.getMessage());
    }

    @Test
    void aResponsesCallMayContinueAPreviousResponseWithoutInput() {
        WireRequest r = parse(WireApi.RESPONSES, "{\"model\":\"m\",\"previous_response_id\":\"resp_1\"}");
        org.junit.jupiter.api.Assertions.assertEquals("m", r.model());
    }

    @Test
    void aNullBufferIsAnEmptyBody() {
        GatewayException e = assertThrows(GatewayException.class, () -> WireRequest.parse(WireApi.CHAT, null));
        assertEquals("body", e.param());
    }

    @Test
    void readsModelAndStream() {
        WireRequest request = parse(WireApi.CHAT, "{" + CHAT + ",\"stream\":true}");
        assertEquals(WireApi.CHAT, request.api());
        assertEquals("gpt-4o", request.model());
        assertTrue(request.stream());
        assertFalse(parse(WireApi.CHAT, "{" + CHAT + ",\"stream\":null}").stream());
        assertFalse(parse(WireApi.CHAT, "{" + CHAT + "}").stream());
    }

    @Test
    void unknownFieldsSurviveUntouchedAndOnlyTheModelChanges() throws Exception {
        String body = "{\"temperature\":0.70,\"model\":\"gpt-4o\",\"x_vendor\":{\"a\":[1,2.50,null,1e-7]},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"ann\"}],"
                + "\"logit_bias\":{\"50256\":-100},"
                + "\"n\":2,\"big\":123456789012345678901234567890}";
        WireRequest request = parse(WireApi.CHAT, body);
        Buffer upstream = request.upstreamBody("gpt-4o-mini");
        String expected = body.replace("\"gpt-4o\"", "\"gpt-4o-mini\"").replace("1e-7", "1E-7");
        assertEquals(expected, upstream.toString(StandardCharsets.UTF_8));
        assertEquals("gpt-4o", request.json().get("model").textValue());
    }

    @Test
    void aChatStreamGetsIncludeUsageAndTheCallerDidNotAskForIt() throws Exception {
        WireRequest request = parse(WireApi.CHAT, "{" + CHAT + ",\"stream\":true}");
        assertFalse(request.callerAskedForUsage());
        JsonNode upstream = tree(request.upstreamBody("gpt-4o"));
        assertEquals(JSON.readTree("{\"include_usage\":true}"), upstream.get("stream_options"));
        assertNull(request.json().get("stream_options"), "the caller's body is not changed");
        assertEquals(request.upstreamBody("gpt-4o"), request.upstreamBody("gpt-4o"), "a second call is the same");
    }

    @Test
    void otherStreamOptionsAreKeptBesideIncludeUsage() throws Exception {
        WireRequest request = parse(WireApi.CHAT,
                "{" + CHAT + ",\"stream\":true,"
                        + "\"stream_options\":{\"include_obfuscation\":false,\"include_usage\":false}}");
        assertFalse(request.callerAskedForUsage());
        assertEquals(JSON.readTree("{\"include_obfuscation\":false,\"include_usage\":true}"),
                tree(request.upstreamBody("m")).get("stream_options"));
        assertEquals(JSON.readTree("{\"include_obfuscation\":false,\"include_usage\":false}"),
                request.json().get("stream_options"));
    }

    @Test
    void aCallerWhoAskedForUsageKeepsTheirBody() throws Exception {
        String body = "{" + CHAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        WireRequest request = parse(WireApi.CHAT, body);
        assertTrue(request.callerAskedForUsage());
        assertEquals(JSON.readTree(body), tree(request.upstreamBody("gpt-4o")));
    }

    @Test
    void includeUsageIsOnlyForChatStreams() throws Exception {
        assertNull(tree(parse(WireApi.CHAT, "{" + CHAT + "}").upstreamBody("m")).get("stream_options"));
        assertNull(tree(parse(WireApi.CHAT, "{" + CHAT + ",\"stream\":false}").upstreamBody("m"))
                .get("stream_options"));
        assertNull(tree(parse(WireApi.RESPONSES, "{\"model\":\"m\",\"input\":\"hi\",\"stream\":true}")
                .upstreamBody("m")).get("stream_options"));
        assertNull(tree(parse(WireApi.MESSAGES, "{" + MESSAGES + ",\"stream\":true}").upstreamBody("m"))
                .get("stream_options"));
        assertFalse(parse(WireApi.RESPONSES, "{\"model\":\"m\",\"input\":\"hi\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}").callerAskedForUsage());
    }

    @Test
    void maxOutputTokensReadsEachApisField() {
        assertEquals(4096, parse(WireApi.CHAT, "{" + CHAT + "}").maxOutputTokens(4096));
        assertEquals(100, parse(WireApi.CHAT, "{" + CHAT + ",\"max_tokens\":100}").maxOutputTokens(4096));
        assertEquals(200, parse(WireApi.CHAT, "{" + CHAT + ",\"max_tokens\":100,\"max_completion_tokens\":200}")
                .maxOutputTokens(4096));
        assertEquals(300, parse(WireApi.RESPONSES, "{\"model\":\"m\",\"input\":\"hi\",\"max_output_tokens\":300}")
                .maxOutputTokens(4096));
        assertEquals(4096, parse(WireApi.RESPONSES, "{\"model\":\"m\",\"input\":\"hi\",\"max_tokens\":5}")
                .maxOutputTokens(4096));
        assertEquals(1024, parse(WireApi.MESSAGES, "{" + MESSAGES + "}").maxOutputTokens(4096));
        assertEquals(0, parse(WireApi.EMBEDDINGS, "{\"model\":\"m\",\"input\":\"hi\"}").maxOutputTokens(4096));
    }

    @Test
    void userAndMetadataAreOpenAisBodyFields() {
        WireRequest request = parse(WireApi.CHAT,
                "{" + CHAT + ",\"user\":\"u-1\",\"metadata\":{\"feature\":\"search\"}}");
        assertEquals("u-1", request.user());
        assertEquals("search", request.metadata().get("feature").textValue());
        assertNull(parse(WireApi.CHAT, "{" + CHAT + "}").user());
        assertNull(parse(WireApi.CHAT, "{" + CHAT + ",\"metadata\":null}").metadata());
        assertEquals("u-3", parse(WireApi.EMBEDDINGS, "{\"model\":\"m\",\"input\":\"a\",\"user\":\"u-3\"}").user());
    }

    @Test
    void anthropicMetadataCarriesTheUserId() {
        WireRequest request = parse(WireApi.MESSAGES, "{" + MESSAGES + ",\"metadata\":{\"user_id\":\"u-2\"}}");
        assertEquals("u-2", request.metadata().get("user_id").textValue());
        assertNull(request.user(), "Anthropic has no body user");
    }

    @Test
    void changingTheReturnedMetadataDoesNotChangeTheBody() {
        WireRequest request = parse(WireApi.CHAT, "{" + CHAT + ",\"metadata\":{\"feature\":\"search\"}}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) request.metadata()).put("feature", "other");
        assertEquals("search", request.metadata().get("feature").textValue());
    }

    @Test
    void theBodyIsReadOnceAndPromptTextIsStable() {
        WireRequest request = parse(WireApi.CHAT, "{" + CHAT + "}");
        List<String> texts = new ArrayList<>();
        texts.add(request.promptText());
        request.upstreamBody("other");
        texts.add(request.promptText());
        assertEquals(List.of("[user] hi", "[user] hi"), texts);
    }
}
