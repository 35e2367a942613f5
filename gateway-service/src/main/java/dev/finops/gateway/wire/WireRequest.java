package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * A caller's request body, read once: its JSON (unknown fields kept), the model asked for, whether it streams, and
 * the body to send upstream with the routed model. Invalid bodies are a {@code GatewayException} of kind INVALID
 * naming the field (param), e.g. "model", "messages", "max_tokens".
 */
public final class WireRequest {

    private WireRequest() {
    }

    /** Parses and checks a body: a JSON object with the fields the API requires. */
    public static WireRequest parse(WireApi api, Buffer body) {
        throw new UnsupportedOperationException("TODO wire");
    }

    public WireApi api() {
        throw new UnsupportedOperationException("TODO wire");
    }

    public ObjectNode json() {
        throw new UnsupportedOperationException("TODO wire");
    }

    public String model() {
        throw new UnsupportedOperationException("TODO wire");
    }

    public boolean stream() {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** A chat stream whose caller set stream_options.include_usage itself (so it sees the usage chunk). */
    public boolean callerAskedForUsage() {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** max_tokens, max_completion_tokens or max_output_tokens, or {@code defaultMax} when none is set. */
    public long maxOutputTokens(long defaultMax) {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** OpenAI's body {@code user}, or null. */
    public String user() {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** OpenAI's body {@code metadata} (string values), or Anthropic's {@code metadata.user_id}; null when absent. */
    public JsonNode metadata() {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** The text a semantic cache keys on: system prompt and messages (or input), in order. */
    public String promptText() {
        throw new UnsupportedOperationException("TODO wire");
    }

    /** The body for the provider: the routed model, and for a chat stream stream_options.include_usage=true. */
    public Buffer upstreamBody(String model) {
        throw new UnsupportedOperationException("TODO wire");
    }
}
