package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Chat Completions: {@code data: {chunk}} frames ending with {@code data: [DONE]}; the usage arrives in a chunk of its
 * own ({@code "choices":[]}) when stream_options.include_usage was set. An {@code error} key or {@code event: error}
 * is what makes the OpenAI SDK throw, so either marks the stream failed.
 */
final class ChatStreamMeter extends StreamMeterBase {

    private final boolean hideUsageChunk;

    ChatStreamMeter(boolean hideUsageChunk) {
        this.hideUsageChunk = hideUsageChunk;
    }

    @Override
    public boolean onFrame(SseFrame frame) {
        String data = frame.data();
        if (data != null && data.startsWith("[DONE]")) {
            finish();
            return true;
        }
        JsonNode chunk = WireJson.readProvider(data);
        JsonNode error = chunk == null ? null : chunk.get("error");
        if ("error".equals(frame.event()) || WireJson.present(error)) {
            failed(WireJson.present(error) ? error : chunk);
            return true;
        }
        if (chunk == null) {
            return true;
        }
        JsonNode choices = chunk.get("choices");
        deltas(choices);
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            usage(ProviderUsage.fromUsage(WireApi.CHAT, usage));
            return !(hideUsageChunk && (choices == null || choices.isEmpty()));
        }
        return true;
    }

    private void deltas(JsonNode choices) {
        if (choices == null || !choices.isArray()) {
            return;
        }
        for (JsonNode choice : choices) {
            JsonNode delta = choice.get("delta");
            if (delta == null || !delta.isObject()) {
                continue;
            }
            // the cache keeps the first choice's text; every choice's tokens are billed
            if (choice.path("index").asInt(0) == 0) {
                answer(WireJson.text(delta, "content"));
            } else {
                generated(WireJson.text(delta, "content"));
            }
            generated(WireJson.text(delta, "refusal"));
            generated(WireJson.text(delta, "reasoning_content"));
            toolCalls(delta);
        }
    }

    private void toolCalls(JsonNode delta) {
        JsonNode calls = delta.get("tool_calls");
        if (calls != null && calls.isArray()) {
            calls.forEach(call -> function(call.get("function")));
        }
        function(delta.get("function_call"));
    }

    private void function(JsonNode function) {
        generated(WireJson.text(function, "name"));
        generated(WireJson.text(function, "arguments"));
    }
}
