package dev.finops.testing.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * OpenAI's bodies and SSE frames as the API sends them (openai-openapi's CreateChatCompletionResponse,
 * CreateChatCompletionStreamResponse, Response and its stream events, CreateEmbeddingResponse, ErrorResponse).
 */
final class OpenAiWire {

    private OpenAiWire() {
    }

    static JsonObject usage(StubUsage.OpenAi u) {
        JsonObject prompt = new JsonObject().put("cached_tokens", u.cachedTokens()).put("audio_tokens", 0);
        if (u.cacheWriteTokens() > 0) {
            prompt.put("cache_write_tokens", u.cacheWriteTokens());
        }
        return new JsonObject().put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens())
                .put("total_tokens", u.totalTokens()).put("prompt_tokens_details", prompt)
                .put("completion_tokens_details", new JsonObject().put("reasoning_tokens", u.reasoningTokens())
                        .put("audio_tokens", 0).put("accepted_prediction_tokens", 0)
                        .put("rejected_prediction_tokens", 0));
    }

    static JsonObject chatCompletion(String model, String text, String finishReason, StubUsage.OpenAi usage) {
        JsonObject message = new JsonObject().put("role", "assistant").put("content", text).putNull("refusal")
                .put("annotations", new JsonArray());
        return new JsonObject().put("id", "chatcmpl-" + id()).put("object", "chat.completion").put("created", now())
                .put("model", model).put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                        .put("message", message).putNull("logprobs").put("finish_reason", finishReason)))
                .put("usage", usage(usage)).put("service_tier", "default").put("system_fingerprint", "fp_stub");
    }

    /** Chunks of a chat stream; the usage chunk ({@code "choices":[]}) only when the request asked for it. */
    static List<String> chatStream(String model, List<String> deltas, String finishReason, StubUsage.OpenAi usage,
                                   boolean includeUsage) {
        String id = "chatcmpl-" + id();
        long created = now();
        List<String> frames = new ArrayList<>();
        frames.add(Sse.data(chunk(id, created, model, new JsonObject().put("role", "assistant").put("content", "")
                .putNull("refusal"), null, includeUsage)));
        for (String d : deltas) {
            frames.add(Sse.data(chunk(id, created, model, new JsonObject().put("content", d), null, includeUsage)));
        }
        frames.add(Sse.data(chunk(id, created, model, new JsonObject(), finishReason, includeUsage)));
        if (includeUsage) {
            frames.add(Sse.data(new JsonObject().put("id", id).put("object", "chat.completion.chunk")
                    .put("created", created).put("model", model).put("service_tier", "default")
                    .put("system_fingerprint", "fp_stub").put("choices", new JsonArray()).put("usage", usage(usage))));
        }
        frames.add(Sse.DONE);
        return frames;
    }

    private static JsonObject chunk(String id, long created, String model, JsonObject delta, String finishReason,
                                    boolean includeUsage) {
        JsonObject c = new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model).put("service_tier", "default").put("system_fingerprint", "fp_stub")
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
                        .putNull("logprobs").put("finish_reason", finishReason)));
        return includeUsage ? c.putNull("usage") : c;
    }

    static JsonObject responsesUsage(StubUsage.OpenAi u) {
        JsonObject input = new JsonObject().put("cached_tokens", u.cachedTokens());
        if (u.cacheWriteTokens() > 0) {
            input.put("cache_write_tokens", u.cacheWriteTokens());
        }
        return new JsonObject().put("input_tokens", u.promptTokens()).put("input_tokens_details", input)
                .put("output_tokens", u.completionTokens())
                .put("output_tokens_details", new JsonObject().put("reasoning_tokens", u.reasoningTokens()))
                .put("total_tokens", u.totalTokens());
    }

    /** A Response object; {@code status} completed or incomplete (then incomplete_details names max_output_tokens). */
    static JsonObject response(String id, String model, String messageId, String text, String status,
                               StubUsage.OpenAi usage) {
        JsonObject r = new JsonObject().put("id", id).put("object", "response").put("created_at", now())
                .put("status", status).putNull("error")
                .put("incomplete_details", "incomplete".equals(status)
                        ? new JsonObject().put("reason", "max_output_tokens") : null)
                .putNull("instructions").put("model", model).put("parallel_tool_calls", true)
                .putNull("previous_response_id").put("store", true).put("temperature", 1.0)
                .put("text", new JsonObject().put("format", new JsonObject().put("type", "text")))
                .put("tool_choice", "auto").put("tools", new JsonArray()).put("top_p", 1.0).put("truncation", "disabled")
                .put("metadata", new JsonObject());
        r.put("output", text == null ? new JsonArray() : new JsonArray().add(message(messageId, text, "completed")));
        return r.put("usage", usage == null ? null : responsesUsage(usage));
    }

    private static JsonObject message(String id, String text, String status) {
        JsonArray content = text == null ? new JsonArray() : new JsonArray().add(outputText(text));
        return new JsonObject().put("id", id).put("type", "message").put("status", status).put("role", "assistant")
                .put("content", content);
    }

    private static JsonObject outputText(String text) {
        return new JsonObject().put("type", "output_text").put("text", text).put("annotations", new JsonArray());
    }

    /** The typed events of a Responses stream, ending with response.completed (or response.incomplete). */
    static List<String> responsesStream(String model, List<String> deltas, String status, StubUsage.OpenAi usage) {
        String id = "resp_" + id();
        String msgId = "msg_" + id();
        String text = String.join("", deltas);
        List<String> frames = new ArrayList<>();
        int[] seq = {0};
        java.util.function.BiConsumer<String, JsonObject> emit = (type, body) ->
                frames.add(Sse.event(type, body.put("type", type).put("sequence_number", seq[0]++)));
        emit.accept("response.created", new JsonObject().put("response",
                response(id, model, msgId, null, "in_progress", null)));
        emit.accept("response.in_progress", new JsonObject().put("response",
                response(id, model, msgId, null, "in_progress", null)));
        emit.accept("response.output_item.added", new JsonObject().put("output_index", 0)
                .put("item", message(msgId, null, "in_progress")));
        JsonObject where = new JsonObject().put("item_id", msgId).put("output_index", 0).put("content_index", 0);
        emit.accept("response.content_part.added", where.copy().put("part", outputText("")));
        for (String d : deltas) {
            emit.accept("response.output_text.delta", where.copy().put("delta", d).put("logprobs", new JsonArray()));
        }
        emit.accept("response.output_text.done", where.copy().put("text", text).put("logprobs", new JsonArray()));
        emit.accept("response.content_part.done", where.copy().put("part", outputText(text)));
        emit.accept("response.output_item.done", new JsonObject().put("output_index", 0)
                .put("item", message(msgId, text, "completed")));
        emit.accept("response." + status, new JsonObject().put("response",
                response(id, model, msgId, text, status, usage)));
        return frames;
    }

    static JsonObject embeddings(String model, List<String> inputs, int dimensions, boolean base64, long tokens) {
        JsonArray data = new JsonArray();
        for (int i = 0; i < inputs.size(); i++) {
            float[] v = StubAnswer.vector(inputs.get(i), dimensions);
            data.add(new JsonObject().put("object", "embedding").put("index", i)
                    .put("embedding", base64 ? StubAnswer.base64(v) : StubAnswer.floats(v)));
        }
        return new JsonObject().put("object", "list").put("data", data).put("model", model)
                .put("usage", new JsonObject().put("prompt_tokens", tokens).put("total_tokens", tokens));
    }

    static JsonObject models(List<String> ids) {
        JsonArray data = new JsonArray();
        ids.forEach(m -> data.add(new JsonObject().put("id", m).put("object", "model").put("created", 1_700_000_000L)
                .put("owned_by", "stub")));
        return new JsonObject().put("object", "list").put("data", data);
    }

    /** ErrorResponse: all four keys present. */
    static JsonObject error(String message, String type, String param, String code) {
        return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
                .put("param", param).put("code", code));
    }

    /** The error a stream ends with: Chat Completions a data frame with an "error" key, Responses an error event. */
    static String streamError(boolean responses, String message) {
        return responses
                ? Sse.event("error", new JsonObject().put("type", "error").put("code", "server_error")
                        .put("message", message).putNull("param").put("sequence_number", 0))
                : Sse.data(error(message, "server_error", null, null));
    }

    static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
