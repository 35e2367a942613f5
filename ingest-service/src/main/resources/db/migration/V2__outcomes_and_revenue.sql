-- Business outcomes that workloads report (tickets resolved, documents summarised, …): the denominator of unit costs.
CREATE TABLE outcomes (
    team_id     text NOT NULL,
    outcome_id  text NOT NULL,
    type        text NOT NULL,
    count       bigint NOT NULL CHECK (count > 0),
    ts          timestamptz NOT NULL,
    agent_id    text,
    feature     text,
    customer_id text,
    environment text,
    fingerprint text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, outcome_id)
);

-- Hourly sums of outcomes, in the same shape as usage_hourly (missing dimensions are '').
CREATE TABLE outcome_hourly (
    hour        timestamptz NOT NULL,
    type        text NOT NULL,
    team_id     text NOT NULL,
    agent_id    text NOT NULL,
    feature     text NOT NULL,
    customer_id text NOT NULL,
    environment text NOT NULL,
    count       bigint NOT NULL,
    PRIMARY KEY (hour, type, team_id, agent_id, feature, customer_id, environment)
);

-- Revenue per customer and month, supplied by finance, to show AI cost as a share of it.
CREATE TABLE customer_revenue (
    customer_id text NOT NULL,
    month       date NOT NULL,
    revenue_usd numeric NOT NULL CHECK (revenue_usd >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, month)
);
