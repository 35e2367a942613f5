-- Issue 18. Provisional valuation: an event of a model without a rate is valued at a fallback rate (the
-- installation's per provider, else the dearest current rate of the provider) and marked so until a rate arrives.
ALTER TABLE usage_events ADD COLUMN provisional boolean NOT NULL DEFAULT false;
ALTER TABLE event_keys ADD COLUMN provisional boolean NOT NULL DEFAULT false;
ALTER TABLE usage_hourly ADD COLUMN provisional_usd numeric NOT NULL DEFAULT 0;   -- the part of cost_usd still provisional
CREATE INDEX usage_events_provisional ON usage_events (model, ts) WHERE provisional;

-- Events above a per-event ceiling: kept here, counted nowhere, until an admin releases or discards them.
CREATE TABLE quarantined_events (
    team_id      text NOT NULL,
    event_id     text NOT NULL,
    event        jsonb NOT NULL,                -- the event as read, to be ingested as is on release
    reason       text NOT NULL,
    cost_usd     numeric,
    received_at  timestamptz NOT NULL DEFAULT now(),
    resolution   text CHECK (resolution IN ('released', 'discarded')),
    resolved_at  timestamptz,
    resolved_by  text,
    PRIMARY KEY (team_id, event_id)
);

-- Corrections of stored events: appended, never updated; the usage row stays as reported. Each correction also
-- appends a 'revaluation' row to usage_events with the exact deltas, which is what the feed and rollups carry.
CREATE TABLE usage_corrections (
    id           bigserial PRIMARY KEY,
    team_id      text NOT NULL,
    event_id     text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('void', 'correct')),
    reason       text NOT NULL,
    actor        text NOT NULL,
    before       jsonb NOT NULL,
    after        jsonb NOT NULL,
    delta_usd    numeric NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX usage_corrections_one_void ON usage_corrections (team_id, event_id) WHERE kind = 'void';
CREATE INDEX usage_corrections_event ON usage_corrections (team_id, event_id);
