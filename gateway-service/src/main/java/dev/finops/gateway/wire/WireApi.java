package dev.finops.gateway.wire;

/** The provider APIs the gateway speaks, each with its provider type and the path appended to a provider's baseUrl. */
public enum WireApi {
    /** OpenAI Chat Completions: baseUrl https://api.openai.com/v1 + /chat/completions */
    CHAT("openai", "/chat/completions"),
    /** OpenAI Responses */
    RESPONSES("openai", "/responses"),
    /** OpenAI Embeddings */
    EMBEDDINGS("openai", "/embeddings"),
    /** Anthropic Messages: baseUrl https://api.anthropic.com + /v1/messages */
    MESSAGES("anthropic", "/v1/messages");

    private final String providerType;
    private final String upstreamPath;

    WireApi(String providerType, String upstreamPath) {
        this.providerType = providerType;
        this.upstreamPath = upstreamPath;
    }

    /** {@code openai} or {@code anthropic}: the provider type that serves this API, and the caller's error shape. */
    public String providerType() {
        return providerType;
    }

    public String upstreamPath() {
        return upstreamPath;
    }

    public boolean anthropic() {
        return this == MESSAGES;
    }
}
