-- Teams as tenants (docs/decisions/0019-teams-as-tenants.md). An alert channel is owned by a team or, with a NULL
-- team_id, by the org: every channel there is before this migration becomes an org channel and keeps getting every
-- alert it got. scope_teams: the teams whose alerts it subscribes to besides its owner's (NULL: none).
ALTER TABLE alert_channels ADD COLUMN team_id text;
ALTER TABLE alert_channels ADD COLUMN scope_teams text[];
CREATE INDEX alert_channels_team ON alert_channels (team_id);

-- The team an alert is about (NULL: the org's): a budget's scope team, or the team an alert handed over names.
ALTER TABLE alerts ADD COLUMN team_id text;
UPDATE alerts a SET team_id = b.scope_team FROM budgets b WHERE b.id = a.budget_id;
UPDATE alerts SET team_id = details ->> 'teamId' WHERE budget_id IS NULL AND details ? 'teamId';
CREATE INDEX alerts_team ON alerts (team_id, created_at DESC);
