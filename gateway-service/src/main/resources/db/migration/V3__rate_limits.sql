-- Requests and tokens per minute per API key, team or agent (docs/decisions/0015-gateway-rate-limit-leases.md).
CREATE TABLE rate_limits (
    scope               text NOT NULL CHECK (scope IN ('key', 'team', 'agent')),
    subject_id          text NOT NULL,
    requests_per_minute bigint CHECK (requests_per_minute > 0),   -- null = no request limit
    tokens_per_minute   bigint CHECK (tokens_per_minute > 0),     -- null = no token limit
    source              text NOT NULL DEFAULT 'api',              -- 'api', or the custom resource that owns it
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, subject_id),
    CHECK (requests_per_minute IS NOT NULL OR tokens_per_minute IS NOT NULL)
);

-- What the replicas together claimed of one limit in one minute (Postgres time). A claim is a conditional update,
-- so the claims of all replicas never add up to more than the limit; each replica then hands out its claim in memory.
CREATE TABLE rate_limit_windows (
    scope            text NOT NULL,
    subject_id       text NOT NULL,
    window_start     timestamptz NOT NULL,
    requests_claimed bigint NOT NULL DEFAULT 0,
    tokens_claimed   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, subject_id, window_start)
);

-- Old windows are purged by window_start.
CREATE INDEX rate_limit_windows_start ON rate_limit_windows (window_start);
