-- Per-run token ceilings: a run (runId) whose tokens within a budget's scope reach the ceiling is refused.
ALTER TABLE budgets ADD COLUMN max_tokens_per_run bigint CHECK (max_tokens_per_run > 0);

CREATE TABLE run_tokens (
    budget_id  uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    run_id     text NOT NULL,
    tokens     bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (budget_id, run_id)
);
CREATE INDEX run_tokens_updated ON run_tokens (updated_at);
