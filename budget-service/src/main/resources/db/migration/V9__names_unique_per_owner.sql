-- Budget and channel names are unique per owner (team, or the org), no longer across the installation: a team may
-- name its budget "monthly" although another team has one, and a 409 never tells a team what another team has.
ALTER TABLE budgets DROP CONSTRAINT budgets_name_key;
CREATE UNIQUE INDEX budgets_owner_name ON budgets ((coalesce(scope_team, '')), name);
ALTER TABLE alert_channels DROP CONSTRAINT alert_channels_name_key;
CREATE UNIQUE INDEX alert_channels_owner_name ON alert_channels ((coalesce(team_id, '')), name);
