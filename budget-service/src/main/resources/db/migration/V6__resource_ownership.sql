-- Budgets and channels created from a Kubernetes resource carry it ("Budget ns/name"); the resource is then their
-- source of truth and the REST API refuses to change them. NULL: created through the REST API.
ALTER TABLE budgets ADD COLUMN managed_by text;
CREATE UNIQUE INDEX budgets_managed_by ON budgets (managed_by) WHERE managed_by IS NOT NULL;
ALTER TABLE alert_channels ADD COLUMN managed_by text;
CREATE UNIQUE INDEX alert_channels_managed_by ON alert_channels (managed_by) WHERE managed_by IS NOT NULL;
