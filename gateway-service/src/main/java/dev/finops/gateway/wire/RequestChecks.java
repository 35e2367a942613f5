package dev.finops.gateway.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields each API requires, and the types of the optional fields the gateway itself reads (it reads them for
 * budgets, attribution and the cache, so a wrong type must be a clear 400 here rather than a silent default).
 * Everything else is the provider's to judge.
 */
final class RequestChecks {

    private RequestChecks() {
    }

    static void check(WireApi api, JsonNode json, boolean stream) {
        switch (api) {
            case CHAT -> chat(json);
            case RESPONSES -> responses(json);
            case EMBEDDINGS -> embeddings(json, stream);
            case MESSAGES -> messages(json);
        }
    }

    private static void chat(JsonNode json) {
        BodyFields.requireMessages(json, "messages");
        BodyFields.optionalPositive(json, "max_tokens");
        BodyFields.optionalPositive(json, "max_completion_tokens");
        includeUsage(json);
        openAiAttribution(json);
    }

    /** input is optional in the Responses API (a call may continue previous_response_id or use a stored prompt). */
    private static void responses(JsonNode json) {
        if (WireJson.present(json.get("input"))) {
            BodyFields.requireInput(json, "input");
        }
        BodyFields.optionalString(json, "instructions", "instructions");
        BodyFields.optionalPositive(json, "max_output_tokens");
        openAiAttribution(json);
    }

    private static void embeddings(JsonNode json, boolean stream) {
        BodyFields.requireInput(json, "input");
        if (stream) {
            throw BodyFields.invalid("stream", "embeddings are not streamed; leave it out");
        }
        BodyFields.optionalString(json, "user", "user");
    }

    private static void messages(JsonNode json) {
        BodyFields.requireMessages(json, "messages");
        // Anthropic requires max_tokens; refusing here saves a round trip and gives budgets an output cap
        BodyFields.requiredPositive(json, "max_tokens");
        BodyFields.optionalTextOrArray(json, "system");
        JsonNode metadata = BodyFields.optionalObject(json, "metadata", "metadata");
        if (metadata != null) {
            BodyFields.optionalString(metadata, "user_id", "metadata.user_id");
        }
    }

    private static void openAiAttribution(JsonNode json) {
        BodyFields.optionalString(json, "user", "user");
        BodyFields.optionalObject(json, "metadata", "metadata");
    }

    /** stream_options.include_usage, checked for type; false when absent. */
    static boolean includeUsage(JsonNode json) {
        JsonNode options = BodyFields.optionalObject(json, "stream_options", "stream_options");
        return options != null
                && BodyFields.optionalBoolean(options, "include_usage", "stream_options.include_usage");
    }
}
