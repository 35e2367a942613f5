-- A call whose reporter is known not to send cached input tokens (e.g. spans of @opentelemetry/instrumentation-openai):
-- its cachedInputTokens of 0 is not a measurement, so its cost may be too high by the cached-rate discount.
-- A constant default: no table rewrite, existing rows read false.
ALTER TABLE usage_events ADD COLUMN cached_tokens_unknown boolean NOT NULL DEFAULT false;
