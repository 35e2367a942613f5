-- Manual baselines created from an AgentBaseline resource carry it ("AgentBaseline ns/name"); the resource is then
-- their source of truth and the REST API refuses to change them. NULL: set through the REST API (or automatic).
ALTER TABLE baselines ADD COLUMN managed_by text;
CREATE UNIQUE INDEX baselines_managed_by ON baselines (managed_by) WHERE managed_by IS NOT NULL;

-- Per-agent session burn-rate multipliers (AnomalyPolicy); they win over finops.anomaly.agent-multiplier.
CREATE TABLE anomaly_policies (
    agent_id    text PRIMARY KEY,
    multiplier  numeric     NOT NULL CHECK (multiplier >= 1),
    managed_by  text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX anomaly_policies_managed_by ON anomaly_policies (managed_by) WHERE managed_by IS NOT NULL;
