-- Position of each usage-feed consumer; advanced in the same transaction as what it derived (as budget-service).
CREATE TABLE feed_cursors (
    consumer   text PRIMARY KEY,
    cursor     text NOT NULL,
    events     bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per-session minute buckets: the persisted state the in-memory burn-rate windows are rebuilt from.
CREATE TABLE session_minutes (
    session_key   text        NOT NULL,
    minute        timestamptz NOT NULL,
    agent_id      text,
    team_id       text,
    usd           numeric     NOT NULL DEFAULT 0,
    calls         bigint      NOT NULL DEFAULT 0,
    tokens        bigint      NOT NULL DEFAULT 0,
    errors        bigint      NOT NULL DEFAULT 0,
    last_event_at timestamptz NOT NULL,
    PRIMARY KEY (session_key, minute)
);
CREATE INDEX session_minutes_minute ON session_minutes (minute);

-- Hourly spend per scope (org '*', team, agent, feature): input of baselines and the scheduled detectors.
CREATE TABLE spend_hours (
    scope    text        NOT NULL CHECK (scope IN ('org', 'team', 'agent', 'feature')),
    scope_id text        NOT NULL,
    hour     timestamptz NOT NULL,
    usd      numeric     NOT NULL DEFAULT 0,
    calls    bigint      NOT NULL DEFAULT 0,
    tokens   bigint      NOT NULL DEFAULT 0,
    errors   bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, scope_id, hour)
);
CREATE INDEX spend_hours_hour ON spend_hours (hour);

-- Expected USD/hour per agent: set by an admin (manual) or derived from the trailing hours (auto).
CREATE TABLE baselines (
    agent_id      text PRIMARY KEY,
    usd_per_hour  numeric     NOT NULL CHECK (usd_per_hour > 0),
    source        text        NOT NULL CHECK (source IN ('manual', 'auto')),
    active_hours  int,
    updated_at    timestamptz NOT NULL
);
