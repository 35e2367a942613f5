package dev.finops.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.finops.cost.TokenUsage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamMeterTest {

    private static final TokenCounter COUNTER = new TokenCounter();

    /** Feeds a fixture in every split to a fresh meter, checks all splits agree, and returns one of them. */
    private static Metered meter(String fixture, WireApi api, boolean hide) {
        byte[] stream = SseFixtures.bytes(fixture);
        Metered first = null;
        for (Map.Entry<String, List<Buffer>> split : SseFixtures.splits(stream).entrySet()) {
            StreamMeter meter = StreamMeter.of(api, hide);
            SseFixtures.Relayed relayed = SseFixtures.relay(meter, SseFixtures.parse(split.getValue()));
            Metered metered = new Metered(stream, meter, relayed);
            if (first == null) {
                first = metered;
            } else {
                assertEquals(first.meter.text(), meter.text(), split.getKey());
                assertEquals(first.meter.usage(), meter.usage(), split.getKey());
                assertEquals(first.meter.finished(), meter.finished(), split.getKey());
                assertEquals(first.meter.error(), meter.error(), split.getKey());
                assertEquals(first.relayed.bytes(), relayed.bytes(), split.getKey());
            }
        }
        return first;
    }

    private record Metered(byte[] stream, StreamMeter meter, SseFixtures.Relayed relayed) {

        void relayedEverything() {
            assertArrayEquals(stream, relayed.bytes().getBytes());
            assertEquals(List.of(), relayed.dropped());
        }
    }

    private static CallUsage usage(long in, long cached, long write, long out, long reasoning, long oneHour) {
        return new CallUsage(new TokenUsage(in, cached, write, out, reasoning), oneHour, false);
    }

    @Test
    void chatWithoutIncludeUsageFinishesWithTextAndNoUsage() {
        Metered m = meter("chat-stream.sse", WireApi.CHAT, true);
        assertEquals("Grüße aus Köln 👋", m.meter.text());
        assertTrue(m.meter.finished());
        assertNull(m.meter.usage());
        assertNull(m.meter.error());
        m.relayedEverything();
    }

    @Test
    void chatUsageChunkIsReadAndRelayedWhenTheCallerAskedForIt() {
        Metered m = meter("chat-stream-usage.sse", WireApi.CHAT, false);
        assertEquals("Hello! How can I help?", m.meter.text());
        assertTrue(m.meter.finished());
        assertEquals(usage(2600, 2000, 400, 500, 300, 0), m.meter.usage());
        m.relayedEverything();
    }

    @Test
    void chatUsageChunkTheGatewayAskedForIsTheOnlyFrameHidden() {
        Metered m = meter("chat-stream-usage.sse", WireApi.CHAT, true);
        assertEquals(usage(2600, 2000, 400, 500, 300, 0), m.meter.usage());
        assertEquals(1, m.relayed.dropped().size());
        String dropped = m.relayed.dropped().get(0).data();
        assertTrue(dropped.contains("\"choices\":[]") && dropped.contains("\"prompt_tokens\":2600"), dropped);
        String all = new String(m.stream, StandardCharsets.UTF_8);
        String withoutUsage = all.replace(m.relayed.dropped().get(0).raw().toString(StandardCharsets.UTF_8), "");
        assertEquals(withoutUsage, m.relayed.bytes().toString(StandardCharsets.UTF_8));
        assertTrue(withoutUsage.endsWith("data: [DONE]\n\n"));
    }

    @Test
    void chatErrorKeyOrErrorEventMarksTheStreamFailed() {
        StreamMeter meter = StreamMeter.of(WireApi.CHAT, true);
        assertTrue(meter.onFrame(new SseFrame(null, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
                Buffer.buffer())));
        assertTrue(meter.onFrame(new SseFrame(null, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":null}}", Buffer.buffer())));
        assertEquals("server_error", meter.error());
        assertFalse(meter.finished());

        StreamMeter other = StreamMeter.of(WireApi.CHAT, true);
        other.onFrame(new SseFrame("error", "{\"message\":\"bad\"}", Buffer.buffer()));
        assertEquals("error", other.error());
    }

    @Test
    void chatUsageNullOnOrdinaryChunksIsNotUsage() {
        StreamMeter meter = StreamMeter.of(WireApi.CHAT, true);
        assertTrue(meter.onFrame(new SseFrame(null, "{\"choices\":[],\"usage\":null}", Buffer.buffer())));
        assertNull(meter.usage());
    }

    @Test
    void chatStreamCutBeforeItsUsageIsEstimatedFromWhatWasStreamed() {
        List<SseFrame> frames = SseFixtures.parse(SseFixtures.bytes("chat-stream-usage.sse"));
        StreamMeter meter = StreamMeter.of(WireApi.CHAT, true);
        frames.subList(0, 3).forEach(meter::onFrame);
        assertNull(meter.usage());
        assertFalse(meter.finished());
        assertEquals("Hello!", meter.text());
        CallUsage estimate = meter.estimate(120, COUNTER);
        assertEquals(new CallUsage(new TokenUsage(120, 0, 0, COUNTER.count("Hello!"), 0), 0, true), estimate);
        assertEquals(2, estimate.tokens().outputTokens());
    }

    @Test
    void chatToolCallArgumentsCountAsEstimatedOutput() {
        StreamMeter meter = StreamMeter.of(WireApi.CHAT, true);
        meter.onFrame(new SseFrame(null, "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}}]}",
                Buffer.buffer()));
        assertEquals("", meter.text());
        long expected = COUNTER.count("get_weather{\"city\":\"Paris\"}");
        assertEquals(expected, meter.estimate(10, COUNTER).tokens().outputTokens());
        assertTrue(expected > 0);
    }

    @Test
    void responsesCompletedIsBilledFromItsResponse() {
        Metered m = meter("responses-completed.sse", WireApi.RESPONSES, true);
        assertEquals("Hi there!", m.meter.text());
        assertTrue(m.meter.finished());
        assertNull(m.meter.error());
        assertEquals(usage(2600, 2000, 400, 500, 300, 0), m.meter.usage());
        m.relayedEverything();
    }

    @Test
    void responsesIncompleteIsTerminalAndBillable() {
        Metered m = meter("responses-incomplete.sse", WireApi.RESPONSES, true);
        assertEquals("The answer is long and", m.meter.text());
        assertTrue(m.meter.finished());
        assertEquals(usage(37, 0, 0, 16, 12, 0), m.meter.usage());
        assertNull(m.meter.error());
        m.relayedEverything();
    }

    @Test
    void responsesFailedIsTerminalBillableAndAnError() {
        Metered m = meter("responses-failed.sse", WireApi.RESPONSES, true);
        assertEquals("Partial", m.meter.text());
        assertTrue(m.meter.finished());
        assertEquals(usage(37, 0, 0, 5, 0, 0), m.meter.usage());
        assertEquals("server_error", m.meter.error());
        m.relayedEverything();
    }

    @Test
    void responsesErrorEventNamesItsCode() {
        StreamMeter meter = StreamMeter.of(WireApi.RESPONSES, false);
        meter.onFrame(new SseFrame("error", "{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"slow\","
                + "\"param\":null,\"sequence_number\":3}", Buffer.buffer()));
        assertEquals("rate_limit_exceeded", meter.error());
        assertFalse(meter.finished());
    }

    @Test
    void messagesBasicStreamTakesOutputFromTheCumulativeDelta() {
        Metered m = meter("messages-basic.sse", WireApi.MESSAGES, true);
        assertEquals("Hello there!", m.meter.text());
        assertTrue(m.meter.finished());
        assertNull(m.meter.error());
        // message_start said 1 output token, message_delta 6 in all: 6, not 7
        assertEquals(usage(11, 0, 0, 6, 0, 0), m.meter.usage());
        m.relayedEverything();
    }

    @Test
    void messagesCacheFieldsThatReappearInTheDeltaOverwriteAndAreNotAdded() {
        Metered m = meter("messages-cache.sse", WireApi.MESSAGES, true);
        assertEquals("From the cache.", m.meter.text());
        // input 200 + read 2000 + creation 400, once; 300 of the writes are 1-hour
        assertEquals(usage(2600, 2000, 400, 500, 0, 300), m.meter.usage());
        m.relayedEverything();
    }

    @Test
    void messagesUsageIsTheLatestOfSeveralCumulativeDeltas() {
        StreamMeter meter = StreamMeter.of(WireApi.MESSAGES, false);
        assertNull(meter.usage());
        meter.onFrame(frame("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":"
                + "50,\"output_tokens\":1}}}"));
        assertEquals(usage(50, 0, 0, 1, 0, 0), meter.usage());
        meter.onFrame(frame("message_delta", "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":250}}"));
        meter.onFrame(frame("message_delta", "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":500,"
                + "\"input_tokens\":null}}"));
        assertEquals(usage(50, 0, 0, 500, 0, 0), meter.usage());
    }

    @Test
    void messagesOverloadedMidStreamIsAnErrorWithTheUsageSoFar() {
        Metered m = meter("messages-overloaded.sse", WireApi.MESSAGES, true);
        assertEquals("overloaded_error", m.meter.error());
        assertFalse(m.meter.finished());
        assertEquals("Hel", m.meter.text());
        assertEquals(usage(11, 0, 0, 1, 0, 0), m.meter.usage());
        m.relayedEverything();
        // the estimate keeps message_start's input, not the gateway's own count
        CallUsage estimate = m.meter.estimate(999, COUNTER);
        long output = Math.max(1, COUNTER.count("Hel"));
        assertEquals(new CallUsage(new TokenUsage(11, 0, 0, output, 0), 0, true), estimate);
    }

    @Test
    void messagesEstimateKeepsTheCacheSplitAndTheReportedOutput() {
        List<SseFrame> frames = SseFixtures.parse(SseFixtures.bytes("messages-cache.sse"));
        StreamMeter meter = StreamMeter.of(WireApi.MESSAGES, false);
        frames.stream().filter(f -> !"message_stop".equals(f.event())).forEach(meter::onFrame);
        assertFalse(meter.finished());
        // message_delta already said 500, more than the 4 tokens of text streamed
        assertEquals(new CallUsage(new TokenUsage(2600, 2000, 400, 500, 0), 300, true), meter.estimate(7, COUNTER));
    }

    @Test
    void messagesWithoutMessageStartEstimateFromTheGivenInput() {
        StreamMeter meter = StreamMeter.of(WireApi.MESSAGES, false);
        assertEquals(new CallUsage(new TokenUsage(40, 0, 0, 0, 0), 0, true), meter.estimate(40, COUNTER));
    }

    @Test
    void unreadableFramesAreRelayedAndIgnored() {
        for (WireApi api : List.of(WireApi.CHAT, WireApi.RESPONSES, WireApi.MESSAGES)) {
            StreamMeter meter = StreamMeter.of(api, true);
            assertTrue(meter.onFrame(new SseFrame(null, "{not json", Buffer.buffer())), api.name());
            assertTrue(meter.onFrame(new SseFrame(null, null, Buffer.buffer("\n"))), api.name());
            assertTrue(meter.onFrame(new SseFrame("x", "[1,2]", Buffer.buffer())), api.name());
            assertNull(meter.usage(), api.name());
            assertNull(meter.error(), api.name());
            assertEquals("", meter.text(), api.name());
        }
    }

    @Test
    void embeddingsAreNeverStreamed() {
        assertThrows(IllegalArgumentException.class, () -> StreamMeter.of(WireApi.EMBEDDINGS, false));
    }

    private static SseFrame frame(String event, String data) {
        return new SseFrame(event, data, Buffer.buffer("event: " + event + "\ndata: " + data + "\n\n"));
    }
}
