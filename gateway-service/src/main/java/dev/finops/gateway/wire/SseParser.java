package dev.finops.gateway.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into SSE frames as the bytes arrive (LF or CRLF; frames may span chunks).
 *
 * <p>A frame ends at a blank line, and its raw bytes run from the end of the previous frame through that blank line,
 * so the raws of all frames (plus {@link #finish()}) concatenate to exactly the bytes fed: a relay that forwards raws
 * reproduces the upstream byte for byte. Comment-only and empty blocks are frames too (event and data null), for the
 * same reason. A lone CR also ends a line, as the SSE spec allows; a CR that ends a chunk waits for the next byte,
 * which may be its LF. Not thread-safe: one parser per stream.
 */
public final class SseParser {

    private Buffer pending = Buffer.buffer();
    /** Start of the frame being read, in pending. */
    private int frameStart;
    /** Start of the line being read. */
    private int lineStart;
    /** Where the search for the end of that line resumes, so a long line fed byte by byte is scanned once. */
    private int scanFrom;
    private boolean streamStart = true;
    private String event;
    private StringBuilder data;

    /** The frames completed by this chunk, in order; an incomplete tail waits for the next chunk. */
    public List<SseFrame> feed(Buffer chunk) {
        pending.appendBuffer(chunk);
        List<SseFrame> frames = new ArrayList<>();
        while (readLine(frames)) {
            // each pass reads one complete line
        }
        dropCompletedFrames();
        return frames;
    }

    /** Whatever is left when the stream ends (an unterminated last frame), as frames. */
    public List<SseFrame> finish() {
        List<SseFrame> frames = new ArrayList<>();
        int length = pending.length();
        if (scanFrom < length) {
            // only a CR waiting for its LF can be left unscanned: with no more bytes it ends its line
            endLine(scanFrom, scanFrom + 1, frames);
        }
        if (lineStart < length) {
            field(pending.getString(lineStart, length, StandardCharsets.UTF_8.name()));
        }
        if (frameStart < length) {
            frames.add(frame(pending.getBuffer(frameStart, length)));
        }
        pending = Buffer.buffer();
        frameStart = lineStart = scanFrom = 0;
        return frames;
    }

    private boolean readLine(List<SseFrame> frames) {
        int length = pending.length();
        for (int i = scanFrom; i < length; i++) {
            byte b = pending.getByte(i);
            if (b == '\n' || b == '\r') {
                if (b == '\r' && i + 1 == length) {
                    scanFrom = i;
                    return false;
                }
                boolean crlf = b == '\r' && pending.getByte(i + 1) == '\n';
                endLine(i, crlf ? i + 2 : i + 1, frames);
                return true;
            }
        }
        scanFrom = length;
        return false;
    }

    private void endLine(int contentEnd, int next, List<SseFrame> frames) {
        if (contentEnd == lineStart) {
            frames.add(frame(pending.getBuffer(frameStart, next)));
            frameStart = next;
        } else {
            field(pending.getString(lineStart, contentEnd, StandardCharsets.UTF_8.name()));
        }
        lineStart = next;
        scanFrom = next;
    }

    private void field(String line) {
        if (streamStart && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        streamStart = false;
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (name.equals("event")) {
            event = value.isEmpty() ? null : value;
        } else if (name.equals("data")) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
    }

    private SseFrame frame(Buffer raw) {
        SseFrame frame = new SseFrame(event, data == null ? null : data.toString(), raw);
        event = null;
        data = null;
        streamStart = false;
        return frame;
    }

    private void dropCompletedFrames() {
        if (frameStart > 0) {
            pending = pending.getBuffer(frameStart, pending.length());
            lineStart -= frameStart;
            scanFrom -= frameStart;
            frameStart = 0;
        }
    }
}
