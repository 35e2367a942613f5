-- LLM providers the gateway forwards to. api_key is sealed (AES-GCM, finops.gateway.secret-key) and never returned.
CREATE TABLE providers (
    name        text PRIMARY KEY,
    type        text NOT NULL CHECK (type IN ('openai', 'anthropic')),
    base_url    text NOT NULL,
    api_key     text,
    models      text[] NOT NULL,
    fallbacks   jsonb NOT NULL DEFAULT '{}',
    timeout_ms  integer,
    source      text NOT NULL DEFAULT 'api',
    updated_at  timestamptz NOT NULL DEFAULT now()
);
