-- Each concurrent group commit adds to the hourly rollup rows of its own lane, so commits in flight no longer
-- queue on each other's row locks (decision 0004). Readers sum over lanes, as they already sum over hours.
ALTER TABLE usage_hourly ADD COLUMN lane smallint NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly DROP CONSTRAINT usage_hourly_pkey;
ALTER TABLE usage_hourly ADD PRIMARY KEY (hour, team_id, agent_id, feature, environment, customer_id, provider, model, lane);
