-- Anomalies found by the session check and the scheduled detectors: one row per episode (open until it clears).
CREATE TABLE anomalies (
    id          uuid PRIMARY KEY,
    dedup_key   text        NOT NULL UNIQUE,
    type        text        NOT NULL,
    scope       text        NOT NULL,
    scope_id    text        NOT NULL,
    agent_id    text,
    team_id     text,
    state       text        NOT NULL CHECK (state IN ('open', 'resolved')),
    first_seen  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL,
    resolved_at timestamptz,
    clear_since timestamptz,
    observed    numeric     NOT NULL,
    expected    numeric     NOT NULL,
    ratio       numeric     NOT NULL,
    peak_ratio  numeric     NOT NULL,
    threshold   numeric     NOT NULL,
    explanation text        NOT NULL
);
-- At most one open episode per detector and subject.
CREATE UNIQUE INDEX anomalies_one_open ON anomalies (type, scope, scope_id) WHERE state = 'open';
CREATE INDEX anomalies_first_seen ON anomalies (first_seen);

-- Hand-overs to budget-service (POST /api/v1/alerts), written with the anomaly change and retried until delivered.
CREATE TABLE alert_outbox (
    id              bigserial PRIMARY KEY,
    dedup_key       text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('firing', 'resolved')),
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    last_error      text
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE delivered_at IS NULL;
