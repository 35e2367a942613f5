-- Usage events the gateway acknowledged and has not yet delivered to ingest (POST /api/v1/usage).
-- A row is deleted once ingest accepted it; ingest is idempotent by event_id, so a re-delivery is harmless.
CREATE TABLE usage_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        text NOT NULL UNIQUE,
    event           jsonb NOT NULL,                      -- exactly the event object ingest takes
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,          -- POSTs that carried it
    next_attempt_at timestamptz NOT NULL DEFAULT now(),  -- due from then; a claim pushes it past the send timeout
    claim           uuid,                                -- the publish pass holding it, so a late pass cannot undo another's claim
    last_error      text,                                -- why the last attempt failed, or why ingest refused it
    dead_at         timestamptz                          -- ingest refused the event itself: kept for an operator, never resent
);

-- Due rows in the order a publisher claims them; dead rows are left out.
CREATE INDEX usage_outbox_due ON usage_outbox (next_attempt_at, id) WHERE dead_at IS NULL;
