COMMENT ON SCHEMA budget IS 'budget-service: budgets, period spend, alerts, hard-cap checks, alert delivery';
