-- Rate model v2 (issue 18): 1-hour cache writes, context and service tiers, per-request and per-search charges,
-- and where a refreshed rate was read. Tiers are one JSON document of exact decimals written as strings.
ALTER TABLE valuation_rates
    ADD COLUMN cache_write_1h_rate numeric CHECK (cache_write_1h_rate >= 0),
    ADD COLUMN request_cost       numeric CHECK (request_cost >= 0),
    ADD COLUMN search_query_cost  numeric CHECK (search_query_cost >= 0),
    ADD COLUMN tiers              jsonb,
    ADD COLUMN source_url         text,
    ADD COLUMN source_fetched_at  timestamptz;
ALTER TABLE valuation_rates DROP CONSTRAINT valuation_rates_source_check;
ALTER TABLE valuation_rates ADD CONSTRAINT valuation_rates_source_check
    CHECK (source IN ('catalog', 'api', 'import', 'resource', 'refresh'));

-- Changes a refresh did not apply because a rate moved more than the allowed factor: held for an admin.
CREATE TABLE refresh_holds (
    id           bigserial PRIMARY KEY,
    model_id     text        NOT NULL,
    rate         jsonb       NOT NULL,
    reason       text        NOT NULL,
    source_url   text        NOT NULL,
    fetched_at   timestamptz NOT NULL,
    held_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    resolved_by  text,
    applied_version bigint
);
CREATE UNIQUE INDEX refresh_holds_open ON refresh_holds (model_id) WHERE resolved_at IS NULL;
