-- Semantic cache entries: one row per (namespace, model, scope, normalised prompt); the vector search and the
-- isolation filters run in one query (see docs/decisions/0009-semantic-cache.md).
CREATE TABLE cache_entries (
    id               uuid PRIMARY KEY,
    namespace        text        NOT NULL,
    model            text        NOT NULL,
    -- sha-256 of the canonical system prompt(s), earlier turns, generation parameters and tool definitions
    scope_hash       text        NOT NULL,
    -- sha-256 of the normalised compared text: the exact path, no embedding needed
    prompt_hash      text        NOT NULL,
    prompt           text        NOT NULL,
    response         text        NOT NULL,
    input_tokens     bigint      NOT NULL CHECK (input_tokens >= 0),
    output_tokens    bigint      NOT NULL CHECK (output_tokens >= 0),
    embedding        public.vector(384) NOT NULL,
    embedding_model  text        NOT NULL,
    ttl_hours        numeric(12, 6) NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    hit_count        bigint      NOT NULL DEFAULT 0,
    last_hit_at      timestamptz
);

CREATE UNIQUE INDEX cache_entries_key ON cache_entries (namespace, model, scope_hash, prompt_hash);
CREATE INDEX cache_entries_embedding ON cache_entries USING hnsw (embedding public.vector_cosine_ops);
CREATE INDEX cache_entries_expiry ON cache_entries (expires_at);
CREATE INDEX cache_entries_recency ON cache_entries (namespace, (COALESCE(last_hit_at, created_at)));

-- Per-namespace policy; a namespace without a row uses the configured defaults.
CREATE TABLE cache_policies (
    namespace            text PRIMARY KEY,
    enabled              boolean       NOT NULL,
    similarity_threshold numeric(5, 4) NOT NULL CHECK (similarity_threshold > 0 AND similarity_threshold <= 1),
    ttl_hours            numeric(12, 6) NOT NULL CHECK (ttl_hours > 0),
    max_entries          integer CHECK (max_entries > 0),
    exact_only           boolean       NOT NULL,
    updated_at           timestamptz   NOT NULL DEFAULT now()
);

-- Lookup outcomes and money per namespace and hour: roi-stats and cache-impact read only this (persisted ROI).
CREATE TABLE cache_stats (
    namespace           text        NOT NULL,
    bucket              timestamptz NOT NULL,
    hits                bigint      NOT NULL DEFAULT 0,
    exact_hits          bigint      NOT NULL DEFAULT 0,
    misses              bigint      NOT NULL DEFAULT 0,
    unpriced_hits       bigint      NOT NULL DEFAULT 0,
    savings_usd         numeric(30, 12) NOT NULL DEFAULT 0,
    embedding_tokens    bigint      NOT NULL DEFAULT 0,
    embedding_cost_usd  numeric(30, 12) NOT NULL DEFAULT 0,
    evictions           bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (namespace, bucket)
);
CREATE INDEX cache_stats_bucket ON cache_stats (bucket);
