package dev.finops.gateway.wire;

import io.vertx.core.buffer.Buffer;

/** One server-sent event: its {@code event:} name (or null), its joined {@code data:} lines, and its exact bytes. */
public record SseFrame(String event, String data, Buffer raw) {
}
