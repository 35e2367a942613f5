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

    private final WireApi api;
    private final ObjectNode json;
    private final String model;
    private final boolean stream;
    private final boolean callerAskedForUsage;
    private PromptText prompt;

    private WireRequest(WireApi api, ObjectNode json, String model, boolean stream, boolean callerAskedForUsage) {
        this.api = api;
        this.json = json;
        this.model = model;
        this.stream = stream;
        this.callerAskedForUsage = callerAskedForUsage;
    }

    /** Parses and checks a body: a JSON object with the fields the API requires. */
    public static WireRequest parse(WireApi api, Buffer body) {
        ObjectNode json = BodyFields.parse(body);
        String model = BodyFields.requiredString(json, "model");
        boolean stream = BodyFields.optionalBoolean(json, "stream", "stream");
        RequestChecks.check(api, json, stream);
        boolean askedForUsage = api == WireApi.CHAT && stream && RequestChecks.includeUsage(json);
        return new WireRequest(api, json, model, stream, askedForUsage);
    }

    public WireApi api() {
        return api;
    }

    /** The body as the caller sent it; read it, don't change it (upstreamBody works on a copy). */
    public ObjectNode json() {
        return json;
    }

    public String model() {
        return model;
    }

    public boolean stream() {
        return stream;
    }

    /** A chat stream whose caller set stream_options.include_usage itself (so it sees the usage chunk). */
    public boolean callerAskedForUsage() {
        return callerAskedForUsage;
    }

    /** max_tokens, max_completion_tokens or max_output_tokens, or {@code defaultMax} when none is set. */
    public long maxOutputTokens(long defaultMax) {
        long max = switch (api) {
            // max_completion_tokens replaced max_tokens; when both are sent the newer one is the cap
            case CHAT -> firstSet("max_completion_tokens", "max_tokens");
            case RESPONSES -> firstSet("max_output_tokens");
            case MESSAGES -> firstSet("max_tokens");
            case EMBEDDINGS -> 0;
        };
        return max == BodyFields.ABSENT ? defaultMax : max;
    }

    private long firstSet(String... fields) {
        for (String field : fields) {
            long value = BodyFields.optionalPositive(json, field);
            if (value != BodyFields.ABSENT) {
                return value;
            }
        }
        return BodyFields.ABSENT;
    }

    /** OpenAI's body {@code user}, or null. */
    public String user() {
        return api.anthropic() ? null : WireJson.text(json, "user");
    }

    /** OpenAI's body {@code metadata} (string values), or Anthropic's {@code metadata.user_id}; null when absent. */
    public JsonNode metadata() {
        JsonNode metadata = WireJson.object(json, "metadata");
        return metadata == null ? null : metadata.deepCopy();
    }

    /** The text a semantic cache keys on: system prompt and messages (or input), in order. */
    public String promptText() {
        return prompt().text();
    }

    /** How many messages (or inputs) promptText holds: the per-message overhead of token counting. */
    int promptMessages() {
        return prompt().messages();
    }

    private PromptText prompt() {
        if (prompt == null) {
            prompt = PromptText.of(api, json);
        }
        return prompt;
    }

    /** The body for the provider: the routed model, and for a chat stream stream_options.include_usage=true. */
    public Buffer upstreamBody(String model) {
        // a shallow copy: only model and stream_options change, and those get new values, so json() stays as sent
        ObjectNode body = json.objectNode();
        body.setAll(json);
        body.put("model", model == null ? this.model : model);
        if (api == WireApi.CHAT && stream && !callerAskedForUsage) {
            body.set("stream_options", withIncludeUsage(json.get("stream_options")));
        }
        return WireJson.buffer(body);
    }

    private static ObjectNode withIncludeUsage(JsonNode given) {
        ObjectNode options = WireJson.object();
        if (given != null && given.isObject()) {
            options.setAll((ObjectNode) given);
        }
        options.put("include_usage", true);
        return options;
    }
}
