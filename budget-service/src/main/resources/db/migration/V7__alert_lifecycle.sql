-- Alerts get a lifecycle (docs/decisions/0015-alert-lifecycle.md):
--   condition  firing until it ends (resolved_at); re-sent to Alertmanager channels while it lasts
--   resolution the end of a condition (resolves), delivered once, after the firing, to the channels the firing went to
--   notice     a one-off message (budget_period_reset), sent once
ALTER TABLE alerts ADD COLUMN kind text NOT NULL DEFAULT 'condition'
    CHECK (kind IN ('condition', 'resolution', 'notice'));
ALTER TABLE alerts ADD COLUMN resolves uuid REFERENCES alerts (id) ON DELETE CASCADE;
ALTER TABLE alerts ADD COLUMN resolved_at timestamptz;
-- The condition a budget alert stands for (budget, period, threshold). Once resolved by a change of the budget, the
-- same condition can fire again in the same period under a new dedup key (<condition_key>#2, #3, ...).
ALTER TABLE alerts ADD COLUMN condition_key text;
UPDATE alerts SET condition_key = dedup_key;
ALTER TABLE alerts ALTER COLUMN condition_key SET NOT NULL;
CREATE INDEX alerts_condition_key ON alerts (condition_key);
CREATE INDEX alerts_active ON alerts (type) WHERE kind = 'condition' AND resolved_at IS NULL;

-- Successful sends of a delivery: more than one for a condition re-sent to an Alertmanager.
ALTER TABLE alert_deliveries ADD COLUMN sends int NOT NULL DEFAULT 0;
UPDATE alert_deliveries SET sends = 1 WHERE status = 'delivered';

-- What is already there: the reset notices; resolutions handed over before (they name the alert they end).
UPDATE alerts SET kind = 'notice' WHERE type = 'budget_period_reset';
UPDATE alerts SET kind = 'resolution' WHERE kind = 'condition' AND details ? 'resolvesDedupKey';
UPDATE alerts r SET resolves = f.id
FROM alerts f
WHERE r.kind = 'resolution' AND f.dedup_key = r.details ->> 'resolvesDedupKey';
UPDATE alerts f SET resolved_at = r.created_at
FROM alerts r
WHERE r.kind = 'resolution' AND r.resolves = f.id;
-- Budget alerts of a period that is over, or of a budget that is gone, ended without a word: they end here, silently
-- (a burst of late resolutions for old periods would only be noise).
UPDATE alerts a SET resolved_at = now()
WHERE a.kind = 'condition' AND a.resolved_at IS NULL AND a.budget_id IS NOT NULL
  AND ((a.details ->> 'periodEnd')::timestamptz <= now() OR NOT EXISTS (SELECT 1 FROM budgets b WHERE b.id = a.budget_id));
