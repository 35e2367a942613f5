-- LLM providers the gateway forwards to. api_key is sealed (AES-GCM, finops.gateway.secret-key) and never returned.
CREATE TABLE providers (
    name        text PRIMARY KEY,
    type        text NOT NULL CHECK (type IN ('openai', 'anthropic')),
    base_url    text NOT NULL,
    api_key     text,
    models      text[] NOT NULL,
    fallbacks   jsonb NOT NULL DEFAULT '{}',
    timeout_ms  integer,
    managed_by  text, -- null: REST; else the LLMProvider resource ("Kind namespace/name")
    updated_at  timestamptz NOT NULL DEFAULT now()
);
