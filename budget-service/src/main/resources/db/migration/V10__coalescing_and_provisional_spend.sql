-- Issue 18. Alert coalescing: a threshold crossed in the same spend update as a higher one (or as the hard limit) is
-- recorded but not delivered; coalesced_into names the dedup key of the alert that was delivered for it. Such a row
-- has no deliveries, so its resolution goes nowhere either, and the Alertmanager re-send leaves it out.
ALTER TABLE alerts ADD COLUMN coalesced_into text;

-- Provisional spend: the part of a budget period's spend valued at a fallback rate (a model without a rate yet),
-- per event, so a revaluation at the real rate takes exactly that event's provisional value out again.
CREATE TABLE provisional_spend (
    budget_id    uuid        NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    period_start timestamptz NOT NULL,
    event_id     text        NOT NULL,
    model        text        NOT NULL,
    amount_usd   numeric     NOT NULL,
    PRIMARY KEY (budget_id, period_start, event_id)
);
CREATE INDEX provisional_spend_event ON provisional_spend (event_id);
