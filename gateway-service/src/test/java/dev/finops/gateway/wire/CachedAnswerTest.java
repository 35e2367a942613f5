package dev.finops.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.finops.cost.TokenUsage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CachedAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.ofEpochSecond(1722610517);
    private static final String TEXT = "Grüße 👋\nline two with \"quotes\"";
    private static final CallUsage ZERO = new CallUsage(new TokenUsage(0, 0, 0, 0, 0), 0, false);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String text(Buffer buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textOfAChatCompletionIsTheFirstChoicesMessage() throws Exception {
        assertEquals("Hi!", CachedAnswer.textOf(WireApi.CHAT, json("""
                {"choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"}},
                 {"index":1,"message":{"role":"assistant","content":"Other"}}]}""")));
        assertNull(CachedAnswer.textOf(WireApi.CHAT, json("""
                {"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[]}}]}""")));
        assertNull(CachedAnswer.textOf(WireApi.CHAT, json("{\"choices\":[]}")));
    }

    @Test
    void textOfAResponseJoinsItsOutputText() throws Exception {
        assertEquals("Hi there", CachedAnswer.textOf(WireApi.RESPONSES, json("""
                {"output":[{"type":"reasoning","summary":[]},
                 {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi","annotations":[]},
                  {"type":"refusal","refusal":"no"},{"type":"output_text","text":" there","annotations":[]}]}]}""")));
        assertEquals("Saved",
                CachedAnswer.textOf(WireApi.RESPONSES, json("{\"output\":[],\"output_text\":\"Saved\"}")));
        assertNull(CachedAnswer.textOf(WireApi.RESPONSES, json("{\"output\":[{\"type\":\"function_call\"}]}")));
    }

    @Test
    void textOfAMessageJoinsItsTextBlocks() throws Exception {
        assertEquals("Hello there", CachedAnswer.textOf(WireApi.MESSAGES, json("""
                {"content":[{"type":"thinking","thinking":"hmm"},{"type":"text","text":"Hello"},
                 {"type":"tool_use","id":"t","name":"f","input":{}},{"type":"text","text":" there"}]}""")));
        assertNull(CachedAnswer.textOf(WireApi.MESSAGES, json("{\"content\":[{\"type\":\"tool_use\"}]}")));
        assertNull(CachedAnswer.textOf(WireApi.EMBEDDINGS, json("{\"data\":[]}")));
        assertNull(CachedAnswer.textOf(WireApi.CHAT, null));
    }

    @Test
    void chatCompletionJson() {
        assertEquals("{\"id\":\"chatcmpl-c1\",\"object\":\"chat.completion\",\"created\":1722610517,"
                + "\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,"
                + "\"total_tokens\":0,\"prompt_tokens_details\":{\"cached_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}",
                text(CachedAnswer.json(WireApi.CHAT, "chatcmpl-c1", "gpt-4o", "Hi!", CREATED)));
    }

    @Test
    void responsesJson() {
        assertEquals("{\"id\":\"resp_c1\",\"object\":\"response\",\"created_at\":1722610517,\"status\":\"completed\","
                + "\"error\":null,\"incomplete_details\":null,\"model\":\"gpt-4.1\","
                + "\"output\":[{\"id\":\"msg_resp_c1\","
                + "\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"output_text\",\"text\":\"Hi!\",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":0,"
                + "\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":0,\"output_tokens_details\":"
                + "{\"reasoning_tokens\":0},\"total_tokens\":0}}",
                text(CachedAnswer.json(WireApi.RESPONSES, "resp_c1", "gpt-4.1", "Hi!", CREATED)));
    }

    @Test
    void anthropicMessageJson() {
        assertEquals("{\"id\":\"msg_c1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hi!\"}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}",
                text(CachedAnswer.json(WireApi.MESSAGES, "msg_c1", "claude", "Hi!")));
    }

    @ParameterizedTest
    @EnumSource(value = WireApi.class, names = {"CHAT", "RESPONSES", "MESSAGES"})
    void jsonReadsBackToTheSameTextAndZeroUsage(WireApi api) throws Exception {
        JsonNode body = JSON.readTree(CachedAnswer.json(api, "id1", "model", TEXT).getBytes());
        assertEquals(TEXT, CachedAnswer.textOf(api, body));
        assertEquals(ZERO, ProviderUsage.fromResponse(api, body));
    }

    @ParameterizedTest
    @EnumSource(value = WireApi.class, names = {"CHAT", "RESPONSES", "MESSAGES"})
    void sseParsedBackGivesTheSameTextAndFinishes(WireApi api) {
        for (String text : List.of(TEXT, "")) {
            for (boolean includeUsage : List.of(true, false)) {
                List<Buffer> frames = CachedAnswer.sse(api, "id1", "model", text, includeUsage, CREATED);
                Buffer stream = Buffer.buffer();
                frames.forEach(stream::appendBuffer);
                String label = api + " '" + text + "' usage=" + includeUsage;
                for (List<Buffer> split : SseFixtures.splits(stream.getBytes()).values()) {
                    StreamMeter meter = StreamMeter.of(api, !includeUsage);
                    List<SseFrame> parsed = SseFixtures.parse(split);
                    assertEquals(frames.size(), parsed.size(), label);
                    SseFixtures.Relayed relayed = SseFixtures.relay(meter, parsed);
                    assertEquals(text, meter.text(), label);
                    assertTrue(meter.finished(), label);
                    assertNull(meter.error(), label);
                    assertEquals(api == WireApi.CHAT && !includeUsage ? null : ZERO, meter.usage(), label);
                    assertEquals(stream, relayed.bytes(), label);
                }
            }
        }
    }

    @Test
    void chatStreamEndsWithFinishUsageAndDone() throws Exception {
        List<String> frames = CachedAnswer.sse(WireApi.CHAT, "c1", "gpt-4o", "Hi", true, CREATED).stream()
                .map(CachedAnswerTest::text).toList();
        assertEquals(5, frames.size());
        String head = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1722610517,"
                + "\"model\":\"gpt-4o\",";
        assertEquals("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n", frames.get(0));
        assertEquals("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,"
                + "\"finish_reason\":null}],\"usage\":null}\n\n", frames.get(1));
        assertEquals("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n", frames.get(2));
        assertTrue(frames.get(3).startsWith("data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":0,"),
                frames.get(3));
        assertEquals("data: [DONE]\n\n", frames.get(4));
        List<String> withoutUsage = CachedAnswer.sse(WireApi.CHAT, "c1", "gpt-4o", "Hi", false, CREATED).stream()
                .map(CachedAnswerTest::text).toList();
        assertEquals(4, withoutUsage.size());
        assertTrue(withoutUsage.stream().noneMatch(f -> f.contains("usage")), withoutUsage.toString());
    }

    @Test
    void responsesStreamAddsItsItemAndPartBeforeTheDeltaAndNumbersEveryEvent() throws Exception {
        List<String> types = new ArrayList<>();
        List<SseFrame> frames = SseFixtures.parse(concat(CachedAnswer.sse(WireApi.RESPONSES, "r1", "gpt-4.1", "Hi",
                false, CREATED)));
        for (int i = 0; i < frames.size(); i++) {
            JsonNode event = json(frames.get(i).data());
            assertEquals(frames.get(i).event(), event.get("type").textValue());
            assertEquals(i, event.get("sequence_number").intValue());
            types.add(event.get("type").textValue());
        }
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed"), types);
        JsonNode delta = json(frames.get(4).data());
        assertEquals("msg_r1", delta.get("item_id").textValue());
        assertEquals("Hi", delta.get("delta").textValue());
        assertEquals("in_progress", json(frames.get(0).data()).at("/response/status").textValue());
        assertTrue(json(frames.get(0).data()).at("/response/usage").isNull());
        assertEquals("completed", json(frames.get(8).data()).at("/response/status").textValue());
    }

    @Test
    void anthropicStreamInTheSdksOrder() {
        List<String> frames = CachedAnswer.sse(WireApi.MESSAGES, "msg_c1", "claude", "Hi", false, CREATED).stream()
                .map(CachedAnswerTest::text).toList();
        assertEquals(List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_c1\",\"type\":"
                        + "\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":0}}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), frames);
    }

    @Test
    void embeddingsHaveNoCachedAnswer() {
        assertThrows(IllegalArgumentException.class, () -> CachedAnswer.json(WireApi.EMBEDDINGS, "i", "m", "t"));
        assertThrows(IllegalArgumentException.class, () -> CachedAnswer.sse(WireApi.EMBEDDINGS, "i", "m", "t", false));
    }

    private static byte[] concat(List<Buffer> frames) {
        Buffer all = Buffer.buffer();
        frames.forEach(all::appendBuffer);
        return all.getBytes();
    }
}
