package dev.finops.gateway.wire;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The recorded streams under src/test/resources/wire/, and the ways a network may cut them into chunks. */
final class SseFixtures {

    static final List<String> ALL = List.of("chat-stream.sse", "chat-stream-usage.sse", "responses-completed.sse",
            "responses-incomplete.sse", "responses-failed.sse", "messages-basic.sse", "messages-cache.sse",
            "messages-overloaded.sse");

    private SseFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = SseFixtures.class.getResourceAsStream("/wire/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] crlf(byte[] lf) {
        return new String(lf, java.nio.charset.StandardCharsets.UTF_8).replace("\n", "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Named ways to cut a stream: whole, byte by byte, and random chunk sizes (1–64 bytes) from fixed seeds. */
    static Map<String, List<Buffer>> splits(byte[] stream) {
        Map<String, List<Buffer>> splits = new LinkedHashMap<>();
        splits.put("whole", List.of(Buffer.buffer(stream)));
        splits.put("byte by byte", chunks(stream, new int[] {1}));
        for (long seed : new long[] {1, 7, 42, 2024}) {
            Random random = new Random(seed);
            int[] sizes = random.ints(stream.length, 1, 65).toArray();
            splits.put("random seed " + seed, chunks(stream, sizes));
        }
        return splits;
    }

    private static List<Buffer> chunks(byte[] stream, int[] sizes) {
        List<Buffer> chunks = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < stream.length; i++) {
            int size = Math.min(sizes[i % sizes.length], stream.length - at);
            chunks.add(Buffer.buffer(java.util.Arrays.copyOfRange(stream, at, at + size)));
            at += size;
        }
        return chunks;
    }

    /** Every frame of the chunks, as a relay sees them: feed each chunk, then finish. */
    static List<SseFrame> parse(List<Buffer> chunks) {
        SseParser parser = new SseParser();
        List<SseFrame> frames = new ArrayList<>();
        chunks.forEach(chunk -> frames.addAll(parser.feed(chunk)));
        frames.addAll(parser.finish());
        return frames;
    }

    static List<SseFrame> parse(byte[] stream) {
        return parse(List.of(Buffer.buffer(stream)));
    }

    /** What a relay would send: the raw bytes of each frame the meter keeps, and the frames it drops. */
    record Relayed(Buffer bytes, List<SseFrame> dropped) {
    }

    static Relayed relay(StreamMeter meter, List<SseFrame> frames) {
        Buffer out = Buffer.buffer();
        List<SseFrame> dropped = new ArrayList<>();
        for (SseFrame frame : frames) {
            if (meter.onFrame(frame)) {
                out.appendBuffer(frame.raw());
            } else {
                dropped.add(frame);
            }
        }
        return new Relayed(out, dropped);
    }
}
