-- API keys: only a SHA-256 of each secret is kept.
CREATE TABLE api_keys (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    role        text NOT NULL CHECK (role IN ('admin', 'reader', 'ingest', 'service')),
    team_id     text,
    key_hash    text NOT NULL UNIQUE,
    managed     boolean NOT NULL DEFAULT false,   -- registered from configuration (bootstrap admin, service keys)
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    CHECK (role <> 'ingest' OR team_id IS NOT NULL)
);
CREATE UNIQUE INDEX api_keys_managed_name ON api_keys (name) WHERE managed;

-- Idempotency: one row per (team, eventId) with the first answer given for it.
CREATE TABLE event_keys (
    team_id      text NOT NULL,
    event_id     text NOT NULL,
    fingerprint  text NOT NULL,              -- SHA-256 of the normalised event: same id + other body = conflict
    cost_usd     numeric,
    rate_version bigint,
    first_seen   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, event_id)
);
CREATE INDEX event_keys_first_seen ON event_keys (first_seen);

CREATE SEQUENCE usage_event_seq;

-- Raw events, one partition per UTC day. tx_id orders the usage feed (see docs/decisions/0002).
-- kind 'revaluation' rows carry a cost correction for an earlier event (same event_id, no tokens).
CREATE TABLE usage_events (
    seq                      bigint NOT NULL DEFAULT nextval('usage_event_seq'),
    tx_id                    xid8 NOT NULL DEFAULT pg_current_xact_id(),
    kind                     text NOT NULL DEFAULT 'usage' CHECK (kind IN ('usage', 'revaluation')),
    event_id                 text NOT NULL,
    team_id                  text NOT NULL,
    ts                       timestamptz NOT NULL,
    received_at              timestamptz NOT NULL DEFAULT now(),
    provider                 text,
    model                    text NOT NULL,
    priced_model             text,
    input_tokens             bigint NOT NULL DEFAULT 0,
    cached_input_tokens      bigint NOT NULL DEFAULT 0,
    cache_write_input_tokens bigint NOT NULL DEFAULT 0,
    output_tokens            bigint NOT NULL DEFAULT 0,
    reasoning_tokens         bigint NOT NULL DEFAULT 0,
    latency_ms               integer,
    status                   text NOT NULL DEFAULT 'ok',
    agent_id                 text,
    feature                  text,
    environment              text,
    customer_id              text,
    session_id               text,
    run_id                   text,
    tool_calls               integer,
    tags                     jsonb,
    cost_usd                 numeric,      -- null: unpriced (no rate known yet); never a made-up 0
    rate_version             bigint
) PARTITION BY RANGE (ts);
CREATE INDEX usage_events_feed ON usage_events (tx_id, seq);
CREATE INDEX usage_events_model_ts ON usage_events (model, ts);
CREATE INDEX usage_events_event ON usage_events (team_id, event_id);

-- Hourly rollups, updated in the same transaction as the events. Missing dimensions are ''.
CREATE TABLE usage_hourly (
    hour                     timestamptz NOT NULL,
    team_id                  text NOT NULL,
    agent_id                 text NOT NULL,
    feature                  text NOT NULL,
    environment              text NOT NULL,
    customer_id              text NOT NULL,
    provider                 text NOT NULL,
    model                    text NOT NULL,
    events                   bigint NOT NULL DEFAULT 0,
    error_events             bigint NOT NULL DEFAULT 0,
    unpriced_events          bigint NOT NULL DEFAULT 0,
    input_tokens             bigint NOT NULL DEFAULT 0,
    cached_input_tokens      bigint NOT NULL DEFAULT 0,
    cache_write_input_tokens bigint NOT NULL DEFAULT 0,
    output_tokens            bigint NOT NULL DEFAULT 0,
    reasoning_tokens         bigint NOT NULL DEFAULT 0,
    cost_usd                 numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, team_id, agent_id, feature, environment, customer_id, provider, model)
);

-- First sighting of each run, for agent_runs_total.
CREATE TABLE agent_runs (
    team_id    text NOT NULL,
    run_id     text NOT NULL,
    first_seen timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, run_id)
);
