package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.finops.cost.TokenUsage;
import java.util.Map;

/**
 * Anthropic Messages: message_start carries the input and cache usage; each message_delta usage is CUMULATIVE, so
 * its fields overwrite (never add to) what was reported; message_stop ends the stream; ping is noise.
 */
final class MessagesStreamMeter extends StreamMeterBase {

    /** The usage as reported so far: message_start's, each field overwritten by the latest message_delta. */
    private final ObjectNode reported = WireJson.object();
    private boolean started;

    @Override
    public boolean onFrame(SseFrame frame) {
        JsonNode event = WireJson.readProvider(frame.data());
        String type = "error".equals(frame.event()) ? "error" : type(frame, event);
        if (type == null) {
            return true;
        }
        switch (type) {
            case "message_start" -> {
                started = true;
                report(WireJson.object(WireJson.object(event, "message"), "usage"));
            }
            case "message_delta" -> report(WireJson.object(event, "usage"));
            case "content_block_delta" -> delta(WireJson.object(event, "delta"));
            case "message_stop" -> finish();
            case "error" -> failed(event == null ? null : event.get("error"));
            default -> {
                // ping, content_block_start, content_block_stop
            }
        }
        return true;
    }

    private void report(JsonNode usage) {
        if (usage != null) {
            // a null field in a delta means "not reported here", not zero
            for (Map.Entry<String, JsonNode> field : usage.properties()) {
                if (!field.getValue().isNull()) {
                    reported.set(field.getKey(), field.getValue());
                }
            }
        }
        if (started) {
            usage(ProviderUsage.fromUsage(WireApi.MESSAGES, reported));
        }
    }

    private void delta(JsonNode delta) {
        switch (String.valueOf(WireJson.text(delta, "type"))) {
            case "text_delta" -> answer(WireJson.text(delta, "text"));
            case "input_json_delta" -> generated(WireJson.text(delta, "partial_json"));
            case "thinking_delta" -> generated(WireJson.text(delta, "thinking"));
            default -> {
                // signature_delta, citations_delta: no generated text
            }
        }
    }

    /** The message_start input (with its cache split) when it came, and at least the output already reported. */
    @Override
    public CallUsage estimate(long inputTokens, TokenCounter counter) {
        CallUsage seen = usage();
        if (seen == null) {
            return super.estimate(inputTokens, counter);
        }
        TokenUsage t = seen.tokens();
        long output = Math.max(generatedTokens(counter), t.outputTokens());
        TokenUsage tokens = new TokenUsage(t.inputTokens(), t.cachedInputTokens(), t.cacheWriteInputTokens(), output,
                0);
        return new CallUsage(tokens, seen.cacheWrite1hTokens(), true);
    }
}
