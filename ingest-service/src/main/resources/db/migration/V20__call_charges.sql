-- Rate model v2 (issue 18): what an event is billed for besides its base token kinds, so a revaluation prices it
-- exactly as ingest did: its service tier, its 1-hour cache writes (a subset of cache_write_input_tokens), and its
-- request and web-search counts (requests NULL: one, where the rate charges per request).
ALTER TABLE usage_events
    ADD COLUMN service_tier text NOT NULL DEFAULT 'default'
        CHECK (service_tier IN ('default', 'batch', 'flex', 'priority')),
    ADD COLUMN cache_write_1h_input_tokens bigint NOT NULL DEFAULT 0 CHECK (cache_write_1h_input_tokens >= 0),
    ADD COLUMN requests bigint CHECK (requests >= 0),
    ADD COLUMN search_queries bigint NOT NULL DEFAULT 0 CHECK (search_queries >= 0);
