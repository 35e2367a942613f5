package dev.finops.cost;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tokens of one LLM call from JSON, in the canonical shape ({@code inputTokens},
 * {@code cachedInputTokens}, {@code cacheWriteInputTokens}, {@code outputTokens}, {@code reasoningTokens})
 * or as a provider's native usage object in {@code usage} (Gemini's also under its own name, {@code usageMetadata}):
 * <ul>
 * <li>OpenAI Chat Completions: {@code prompt_tokens} includes {@code prompt_tokens_details.cached_tokens} and
 *     {@code .cache_write_tokens}; {@code completion_tokens} includes {@code completion_tokens_details.reasoning_tokens}.</li>
 * <li>OpenAI Responses: {@code input_tokens} includes {@code input_tokens_details.cached_tokens} and
 *     {@code .cache_write_tokens}; {@code output_tokens} includes {@code output_tokens_details.reasoning_tokens}.</li>
 * <li>Anthropic Messages: {@code input_tokens} excludes {@code cache_read_input_tokens} and
 *     {@code cache_creation_input_tokens}, so all three add up to the prompt; {@code cache_creation} splits the
 *     writes into {@code ephemeral_5m_input_tokens} and {@code ephemeral_1h_input_tokens}.</li>
 * <li>Gemini {@code usageMetadata}: {@code promptTokenCount} includes {@code cachedContentTokenCount};
 *     {@code toolUsePromptTokenCount} is more prompt; {@code thoughtsTokenCount} is output billed on top of
 *     {@code candidatesTokenCount}, so both add up to the output. Zero counts may be absent (proto3 JSON).</li>
 * <li>Bedrock Converse: {@code inputTokens} excludes {@code cacheReadInputTokens} and
 *     {@code cacheWriteInputTokens}, as Anthropic's does.</li>
 * </ul>
 * Without cache fields the Responses and Anthropic objects mean the same thing. Every problem is
 * collected with its field path (relative to the object read; "usage" for the usage object itself).
 * ingest-service (events) and pricing-service (quotes) both read tokens here, so they accept the same shapes.
 */
public final class UsageReader {

    /** One thing wrong with the tokens: the field path and what to fix. */
    public record Problem(String field, String message) {
    }

    /** The tokens, or null with the problems found. */
    public record Result(TokenUsage tokens, List<Problem> problems, CallCharges charges) {

        public Result(TokenUsage tokens, List<Problem> problems) {
            this(tokens, problems, CallCharges.DEFAULT);
        }

        public boolean ok() {
            return tokens != null && problems.isEmpty();
        }
    }

    static final List<String> CANONICAL_TOKENS = List.of("inputTokens", "cachedInputTokens",
            "cacheWriteInputTokens", "outputTokens", "reasoningTokens", "cacheWrite1hInputTokens");

    private final List<Problem> problems = new ArrayList<>();
    private final String prefix;

    private UsageReader(String prefix) {
        this.prefix = prefix;
    }

    /** Reads the tokens of an event-shaped object: the canonical fields, or a provider object in "usage". */
    public static Result read(JsonNode node) {
        UsageReader reader = new UsageReader("");
        TokenUsage tokens = reader.tokens(node);
        CallCharges charges = reader.charges(node);
        return new Result(reader.problems.isEmpty() ? tokens : null, List.copyOf(reader.problems), charges);
    }

    /**
     * The call's non-token charges: {@code serviceTier} (default, batch, flex, priority), {@code requests} (absent:
     * one, where the rate charges per request) and {@code searchQueries}; Anthropic's
     * {@code usage.server_tool_use.web_search_requests} and {@code usage.service_tier} are read too.
     */
    private CallCharges charges(JsonNode node) {
        JsonNode usage = node.get("usage");
        JsonNode tierNode = node.get("serviceTier");
        String tierField = "serviceTier";
        if ((tierNode == null || tierNode.isNull()) && usage != null && usage.isObject()) {
            tierNode = usage.get("service_tier");
            tierField = "usage.service_tier";
        }
        ServiceTier tier = ServiceTier.DEFAULT;
        if (tierNode != null && !tierNode.isNull()) {
            tier = tierNode.isTextual() ? ServiceTier.parse(tierNode.textValue()) : null;
            if (tier == null) {
                error(tierField, "must be one of default, batch, flex, priority");
                tier = ServiceTier.DEFAULT;
            }
        }
        Long requests = present(node, "requests") ? count(node, "requests", false) : null;
        long search = count(node, "searchQueries", false);
        if (!present(node, "searchQueries") && usage != null && usage.isObject()
                && usage.get("server_tool_use") != null && usage.get("server_tool_use").isObject()) {
            search = count(usage.get("server_tool_use"), "usage.server_tool_use.web_search_requests",
                    "web_search_requests", false);
        }
        return new CallCharges(tier, requests, search);
    }

    private TokenUsage tokens(JsonNode node) {
        String field = present(node, "usage") ? "usage" : "usageMetadata";
        JsonNode usage = node.get(field);
        boolean canonical = CANONICAL_TOKENS.stream().anyMatch(node::has);
        if (present(node, "usage") && present(node, "usageMetadata")) {
            error("usageMetadata", "give one provider usage object: usage or usageMetadata, not both");
            return null;
        }
        if (usage != null && !usage.isNull()) {
            if (canonical) {
                error(field, "give either a provider usage object or the canonical token fields, not both");
                return null;
            }
            if (!usage.isObject()) {
                error(field, "must be an object");
                return null;
            }
            return new UsageReader(field).provider(usage, problems);
        }
        long input = count(node, "inputTokens", true);
        long cached = count(node, "cachedInputTokens", false);
        long cacheWrite = count(node, "cacheWriteInputTokens", false);
        long output = count(node, "outputTokens", true);
        long reasoning = count(node, "reasoningTokens", false);
        long write1h = count(node, "cacheWrite1hInputTokens", false);
        return checked(input, cached, cacheWrite, output, reasoning, write1h, "cachedInputTokens", "reasoningTokens",
                "cacheWrite1hInputTokens");
    }

    private TokenUsage provider(JsonNode usage, List<Problem> sink) {
        TokenUsage tokens = providerTokens(usage);
        sink.addAll(problems);
        return tokens;
    }

    private TokenUsage providerTokens(JsonNode usage) {
        boolean chat = usage.has("prompt_tokens") || usage.has("completion_tokens");
        boolean anthropic = usage.has("cache_read_input_tokens") || usage.has("cache_creation_input_tokens");
        boolean responses = usage.has("input_tokens") || usage.has("output_tokens");
        boolean gemini = usage.has("promptTokenCount") || usage.has("candidatesTokenCount");
        boolean bedrock = usage.has("inputTokens") || usage.has("outputTokens");
        if (chat && responses) {
            error("", "mixes OpenAI Chat Completions (prompt_tokens) and input_tokens fields; send one provider's usage object");
            return null;
        }
        if ((chat || responses) && (gemini || bedrock) || gemini && bedrock) {
            error("", "mixes the fields of several providers' usage objects; send one provider's usage object");
            return null;
        }
        if (gemini) {
            return gemini(usage);
        }
        if (bedrock) {
            return bedrock(usage);
        }
        if (chat) {
            return openAi(usage, "prompt_tokens", "completion_tokens", "prompt_tokens_details",
                    "completion_tokens_details");
        }
        if (anthropic) {
            return anthropic(usage);
        }
        if (responses) {
            return openAi(usage, "input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details");
        }
        error("", "is not a known usage object: expected OpenAI (prompt_tokens/completion_tokens or "
                + "input_tokens/output_tokens), Anthropic (input_tokens/output_tokens/cache_read_input_tokens), "
                + "Gemini (promptTokenCount/candidatesTokenCount) or Bedrock Converse (inputTokens/outputTokens)");
        return null;
    }

    private TokenUsage openAi(JsonNode usage, String inputField, String outputField, String inputDetails,
                              String outputDetails) {
        long input = count(usage, inputField, true);
        // An embeddings usage object has prompt_tokens and total_tokens but no completion tokens.
        boolean embeddings = !usage.has(outputField) && usage.has("total_tokens");
        long output = count(usage, outputField, !embeddings);
        long cached = detail(usage, inputDetails, "cached_tokens");
        long cacheWrite = detail(usage, inputDetails, "cache_write_tokens");
        long reasoning = detail(usage, outputDetails, "reasoning_tokens");
        return checked(input, cached, cacheWrite, output, reasoning, inputDetails + ".cached_tokens",
                outputDetails + ".reasoning_tokens");
    }

    private TokenUsage gemini(JsonNode usage) {
        long prompt = count(usage, "promptTokenCount", false) + count(usage, "toolUsePromptTokenCount", false);
        long cached = count(usage, "cachedContentTokenCount", false);
        long thoughts = count(usage, "thoughtsTokenCount", false);
        long output = count(usage, "candidatesTokenCount", false) + thoughts;
        return checked(prompt, cached, 0, output, thoughts, "cachedContentTokenCount", "thoughtsTokenCount");
    }

    private TokenUsage bedrock(JsonNode usage) {
        long uncached = count(usage, "inputTokens", true);
        long cacheRead = count(usage, "cacheReadInputTokens", false);
        long cacheWrite = count(usage, "cacheWriteInputTokens", false);
        long output = count(usage, "outputTokens", true);
        return checked(uncached + cacheRead + cacheWrite, cacheRead, cacheWrite, output, 0,
                "cacheReadInputTokens", "outputTokens");
    }

    private static boolean present(JsonNode node, String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    private TokenUsage anthropic(JsonNode usage) {
        long uncached = count(usage, "input_tokens", true);
        long cacheRead = count(usage, "cache_read_input_tokens", false);
        long cacheWrite = count(usage, "cache_creation_input_tokens", false);
        long output = count(usage, "output_tokens", true);
        long write1h = 0;
        JsonNode creation = usage.get("cache_creation");
        if (creation != null && !creation.isNull()) {
            if (!creation.isObject()) {
                error("cache_creation", "must be an object");
            } else {
                // The split of cache_creation_input_tokens by how long the entries are kept.
                long write5m = count(creation, "cache_creation.ephemeral_5m_input_tokens", "ephemeral_5m_input_tokens", false);
                write1h = count(creation, "cache_creation.ephemeral_1h_input_tokens", "ephemeral_1h_input_tokens", false);
                if (!usage.has("cache_creation_input_tokens")) {
                    cacheWrite = write5m + write1h;
                }
            }
        }
        return checked(uncached + cacheRead + cacheWrite, cacheRead, cacheWrite, output, 0, write1h,
                "cache_read_input_tokens", "output_tokens", "cache_creation.ephemeral_1h_input_tokens");
    }

    private long detail(JsonNode usage, String object, String field) {
        JsonNode details = usage.get(object);
        if (details == null || details.isNull()) {
            return 0;
        }
        if (!details.isObject()) {
            error(object, "must be an object");
            return 0;
        }
        return count(details, object + "." + field, field, false);
    }

    private long count(JsonNode node, String field, boolean required) {
        return count(node, field, field, required);
    }

    /** A non-negative whole number of tokens; missing optional counts are 0, errors read as 0. */
    private long count(JsonNode node, String path, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                error(path, "is required");
            }
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            error(path, "must be a whole number");
            return 0;
        }
        if (v.longValue() < 0) {
            error(path, "must not be negative");
            return 0;
        }
        return v.longValue();
    }

    private TokenUsage checked(long input, long cached, long cacheWrite, long output, long reasoning,
                               String cachedField, String reasoningField) {
        return checked(input, cached, cacheWrite, output, reasoning, 0, cachedField, reasoningField, null);
    }

    private TokenUsage checked(long input, long cached, long cacheWrite, long output, long reasoning, long write1h,
                               String cachedField, String reasoningField, String write1hField) {
        int before = problems.size();
        if (write1h > cacheWrite) {
            error(write1hField, "1-hour cache writes are part of the cache-write tokens and cannot exceed them");
        }
        if (cached + cacheWrite > input) {
            error(cachedField, "cached and cache-write input tokens are part of the input tokens and cannot exceed them");
        }
        if (reasoning > output) {
            error(reasoningField, "reasoning tokens are part of the output tokens and cannot exceed them");
        }
        return problems.size() > before ? null : new TokenUsage(input, cached, cacheWrite, output, reasoning, write1h);
    }

    private void error(String field, String message) {
        String path = field.isEmpty() ? prefix : prefix.isEmpty() ? field : prefix + "." + field;
        problems.add(new Problem(path, message));
    }
}
