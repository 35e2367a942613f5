-- Alerts: thresholds crossed here and alerts handed over by other services. dedup_key makes each fire once.
CREATE TABLE alerts (
    id            uuid PRIMARY KEY,
    dedup_key     text NOT NULL UNIQUE,
    type          text NOT NULL,
    severity      text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    severity_rank int NOT NULL,
    summary       text NOT NULL,
    details       jsonb NOT NULL DEFAULT '{}',
    budget_id     uuid,
    source        text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alerts_created ON alerts (created_at DESC);

-- Where alerts go. The secret (webhook signing secret, PagerDuty routing key, Slack URL token) is never returned.
CREATE TABLE alert_channels (
    id                uuid PRIMARY KEY,
    name              text NOT NULL UNIQUE,
    type              text NOT NULL CHECK (type IN ('webhook', 'slack', 'pagerduty', 'alertmanager', 'email')),
    url               text,
    secret            text,
    email_to          text,
    min_severity_rank int NOT NULL DEFAULT 1,
    alert_types       text[],
    enabled           boolean NOT NULL DEFAULT true,
    disabled_reason   text,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- The outbox: one row per alert and channel, retried with backoff until delivered or dead.
CREATE TABLE alert_deliveries (
    id              bigserial PRIMARY KEY,
    alert_id        uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel_id      uuid NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_attempt_at timestamptz,
    last_status     int,
    last_error      text,
    delivered_at    timestamptz,
    UNIQUE (alert_id, channel_id)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
