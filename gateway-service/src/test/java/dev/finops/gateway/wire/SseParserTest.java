package dev.finops.gateway.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SseParserTest {

    private static List<SseFrame> parse(String stream) {
        return SseFixtures.parse(stream.getBytes(StandardCharsets.UTF_8));
    }

    private static String raw(SseFrame frame) {
        return frame.raw().toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsEventAndDataAndKeepsTheExactBytes() {
        List<SseFrame> frames = parse("event: message_start\ndata: {\"a\":1}\n\ndata: [DONE]\n\n");
        assertEquals(2, frames.size());
        assertEquals("message_start", frames.get(0).event());
        assertEquals("{\"a\":1}", frames.get(0).data());
        assertEquals("event: message_start\ndata: {\"a\":1}\n\n", raw(frames.get(0)));
        assertNull(frames.get(1).event());
        assertEquals("[DONE]", frames.get(1).data());
        assertEquals("data: [DONE]\n\n", raw(frames.get(1)));
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        SseFrame frame = parse("data: first\ndata:second\ndata:  third\n\n").get(0);
        // one space after the colon is the separator; a second one is data
        assertEquals("first\nsecond\n third", frame.data());
    }

    @Test
    void crlfAndLoneCrEndLinesToo() {
        List<SseFrame> frames = parse("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r");
        assertEquals(2, frames.size());
        assertEquals("a", frames.get(0).event());
        assertEquals("1", frames.get(0).data());
        assertEquals("event: a\r\ndata: 1\r\n\r\n", raw(frames.get(0)));
        assertEquals("b", frames.get(1).event());
        assertEquals("2", frames.get(1).data());
    }

    @Test
    void aCrAtTheEndOfAChunkWaitsForItsLf() {
        SseParser parser = new SseParser();
        assertEquals(List.of(), parser.feed(Buffer.buffer("data: x\r\n\r")));
        List<SseFrame> frames = parser.feed(Buffer.buffer("\ndata: y\r\n\r\n"));
        assertEquals(2, frames.size());
        assertEquals("data: x\r\n\r\n", raw(frames.get(0)));
        assertEquals("x", frames.get(0).data());
        assertEquals("y", frames.get(1).data());
    }

    @Test
    void commentsAreFramesWithoutDataSoTheyAreRelayedToo() {
        List<SseFrame> frames = parse(": OPENROUTER PROCESSING\n\ndata: {\"x\":1}\n: inline comment\n\n");
        assertEquals(2, frames.size());
        assertNull(frames.get(0).data());
        assertNull(frames.get(0).event());
        assertEquals(": OPENROUTER PROCESSING\n\n", raw(frames.get(0)));
        assertEquals("{\"x\":1}", frames.get(1).data());
    }

    @Test
    void extraBlankLinesAreEmptyFrames() {
        List<SseFrame> frames = parse("data: a\n\n\n\ndata: b\n\n");
        assertEquals(List.of("data: a\n\n", "\n", "\n", "data: b\n\n"), frames.stream().map(SseParserTest::raw)
                .toList());
    }

    @Test
    void eventWithoutDataHasNullData() {
        SseFrame frame = parse("event: ping\n\n").get(0);
        assertEquals("ping", frame.event());
        assertNull(frame.data());
    }

    @Test
    void manyFramesInOneChunkAndOneFrameOverManyChunks() {
        SseParser parser = new SseParser();
        assertEquals(3, parser.feed(Buffer.buffer("data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4")).size());
        assertEquals(List.of(), parser.feed(Buffer.buffer("5")));
        assertEquals(List.of(), parser.feed(Buffer.buffer("\n")));
        List<SseFrame> last = parser.feed(Buffer.buffer("\n"));
        assertEquals("45", last.get(0).data());
        assertEquals("data: 45\n\n", raw(last.get(0)));
    }

    @Test
    void finishReturnsAnUnterminatedLastFrame() {
        SseParser parser = new SseParser();
        assertEquals(1, parser.feed(Buffer.buffer("data: 1\n\nevent: error\ndata: {\"cut\":")).size());
        List<SseFrame> rest = parser.finish();
        assertEquals(1, rest.size());
        assertEquals("error", rest.get(0).event());
        assertEquals("{\"cut\":", rest.get(0).data());
        assertEquals("event: error\ndata: {\"cut\":", raw(rest.get(0)));
        assertEquals(List.of(), parser.finish());
    }

    @Test
    void finishOnACleanEndReturnsNothing() {
        SseParser parser = new SseParser();
        parser.feed(Buffer.buffer("data: 1\n\n"));
        assertEquals(List.of(), parser.finish());
    }

    @Test
    void aByteOrderMarkBeforeTheFirstFieldIsNotPartOfItsName() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Buffer stream = Buffer.buffer(bom).appendString("event: a\ndata: 1\n\n");
        SseFrame frame = SseFixtures.parse(List.of(stream)).get(0);
        assertEquals("a", frame.event());
        assertEquals(stream, frame.raw());
    }

    @Test
    void multiByteCharactersSplitAcrossChunksDecodeWhole() {
        byte[] stream = "data: Grüße 👋\n\n".getBytes(StandardCharsets.UTF_8);
        SseFrame frame = SseFixtures.parse(SseFixtures.splits(stream).get("byte by byte")).get(0);
        assertEquals("Grüße 👋", frame.data());
    }

    static List<String> fixtures() {
        return SseFixtures.ALL;
    }

    /** Every split gives the same frames as the whole stream, and the raws put back together are the stream. */
    @ParameterizedTest
    @MethodSource("fixtures")
    void everySplitGivesTheSameFramesAndTheSameBytes(String fixture) {
        for (byte[] stream : List.of(SseFixtures.bytes(fixture), SseFixtures.crlf(SseFixtures.bytes(fixture)))) {
            List<SseFrame> expected = SseFixtures.parse(stream);
            assertTrue(expected.size() >= 4, fixture);
            expected.forEach(frame -> assertTrue(frame.data() != null, fixture + ": every fixture frame has data"));
            for (Map.Entry<String, List<Buffer>> split : SseFixtures.splits(stream).entrySet()) {
                List<SseFrame> frames = SseFixtures.parse(split.getValue());
                assertEquals(summary(expected), summary(frames), fixture + " " + split.getKey());
                assertArrayEquals(stream, concat(frames), fixture + " " + split.getKey());
            }
        }
    }

    private static List<String> summary(List<SseFrame> frames) {
        List<String> summary = new ArrayList<>();
        frames.forEach(f -> summary.add(f.event() + "|" + f.data() + "|" + raw(f)));
        return summary;
    }

    static byte[] concat(List<SseFrame> frames) {
        Buffer all = Buffer.buffer();
        frames.forEach(frame -> all.appendBuffer(frame.raw()));
        return all.getBytes();
    }
}
