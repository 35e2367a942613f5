-- Budgets: a scope (every dimension NULL = the whole org), a calendar period in a time zone, an amount.
CREATE TABLE budgets (
    id                 uuid PRIMARY KEY,
    name               text NOT NULL UNIQUE,
    scope_team         text,
    scope_agent        text,
    scope_customer     text,
    scope_feature      text,
    scope_environment  text,
    scope_model        text,
    period             text NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly')),
    timezone           text NOT NULL,
    amount_usd         numeric NOT NULL CHECK (amount_usd > 0),
    alert_at_percent   numeric[] NOT NULL,
    hard_limit_percent numeric CHECK (hard_limit_percent > 0),
    enabled            boolean NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Spend and open reservations of one budget in one period (period_start in UTC, computed in the budget's zone).
-- A new period is a new row: nothing has to run at midnight.
CREATE TABLE budget_periods (
    budget_id    uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    period_start timestamptz NOT NULL,
    period_end   timestamptz NOT NULL,
    spent_usd    numeric NOT NULL DEFAULT 0,
    reserved_usd numeric NOT NULL DEFAULT 0 CHECK (reserved_usd >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (budget_id, period_start)
);

-- Spend per local day (budget's zone), for burn-down charts and run-rate projections.
CREATE TABLE budget_daily_spend (
    budget_id uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    day       date NOT NULL,
    spent_usd numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (budget_id, day)
);

-- Headroom held by a check until its usage event arrives (by eventId or runId) or it expires.
CREATE TABLE reservations (
    id           uuid NOT NULL,
    budget_id    uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    period_start timestamptz NOT NULL,
    amount_usd   numeric NOT NULL CHECK (amount_usd > 0),
    event_id     text,
    run_id       text,
    expires_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, budget_id)
);
CREATE INDEX reservations_event ON reservations (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX reservations_run ON reservations (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX reservations_expiry ON reservations (expires_at);

-- Position of each usage-feed consumer; advanced in the same transaction as what it derived.
CREATE TABLE feed_cursors (
    consumer   text PRIMARY KEY,
    cursor     text NOT NULL,
    events     bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);
