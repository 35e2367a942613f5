package dev.finops.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.finops.cost.TokenUsage;

/**
 * Normalises provider-native usage objects to canonical tokens.
 *
 * <ul>
 * <li>OpenAI Chat Completions: {@code prompt_tokens} includes {@code prompt_tokens_details.cached_tokens};
 *     {@code completion_tokens} includes {@code completion_tokens_details.reasoning_tokens}.</li>
 * <li>OpenAI Responses: {@code input_tokens} includes {@code input_tokens_details.cached_tokens};
 *     {@code output_tokens} includes {@code output_tokens_details.reasoning_tokens}.</li>
 * <li>Anthropic Messages: {@code input_tokens} excludes {@code cache_read_input_tokens} and
 *     {@code cache_creation_input_tokens}, so all three add up to the prompt.</li>
 * </ul>
 * Without cache fields the Responses and Anthropic objects mean the same thing.
 */
final class ProviderUsage {

    private ProviderUsage() {
    }

    static TokenUsage normalise(JsonNode usage, UsageEventParser.Item item) {
        boolean chat = usage.has("prompt_tokens") || usage.has("completion_tokens");
        boolean anthropic = usage.has("cache_read_input_tokens") || usage.has("cache_creation_input_tokens");
        boolean responses = usage.has("input_tokens") || usage.has("output_tokens");
        if (chat && responses) {
            item.error("", "mixes OpenAI Chat Completions (prompt_tokens) and input_tokens fields; send one provider's usage object");
            return null;
        }
        if (chat) {
            return chatCompletions(usage, item);
        }
        if (anthropic) {
            return anthropic(usage, item);
        }
        if (responses) {
            return responses(usage, item);
        }
        item.error("", "is not a known usage object: expected OpenAI (prompt_tokens/completion_tokens or "
                + "input_tokens/output_tokens) or Anthropic (input_tokens/output_tokens/cache_read_input_tokens)");
        return null;
    }

    private static TokenUsage chatCompletions(JsonNode usage, UsageEventParser.Item item) {
        long input = item.count(usage, "prompt_tokens", true);
        long output = item.count(usage, "completion_tokens", true);
        long cached = detail(usage, "prompt_tokens_details", "cached_tokens", item);
        long reasoning = detail(usage, "completion_tokens_details", "reasoning_tokens", item);
        return item.checkedUsage(input, cached, 0, output, reasoning,
                "prompt_tokens_details.cached_tokens", "completion_tokens_details.reasoning_tokens");
    }

    private static TokenUsage responses(JsonNode usage, UsageEventParser.Item item) {
        long input = item.count(usage, "input_tokens", true);
        long output = item.count(usage, "output_tokens", true);
        long cached = detail(usage, "input_tokens_details", "cached_tokens", item);
        long reasoning = detail(usage, "output_tokens_details", "reasoning_tokens", item);
        return item.checkedUsage(input, cached, 0, output, reasoning,
                "input_tokens_details.cached_tokens", "output_tokens_details.reasoning_tokens");
    }

    private static TokenUsage anthropic(JsonNode usage, UsageEventParser.Item item) {
        long uncached = item.count(usage, "input_tokens", true);
        long cacheRead = item.count(usage, "cache_read_input_tokens", false);
        long cacheWrite = item.count(usage, "cache_creation_input_tokens", false);
        long output = item.count(usage, "output_tokens", true);
        return item.checkedUsage(uncached + cacheRead + cacheWrite, cacheRead, cacheWrite, output, 0,
                "cache_read_input_tokens", "output_tokens");
    }

    private static long detail(JsonNode usage, String object, String field, UsageEventParser.Item item) {
        JsonNode details = usage.get(object);
        if (details == null || details.isNull()) {
            return 0;
        }
        if (!details.isObject()) {
            item.error(object, "must be an object");
            return 0;
        }
        return item.nested(object).count(details, field, false);
    }
}
