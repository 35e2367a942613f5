-- Admin and service keys are never bound to a team. Before issue 17 a teamId given with them was stored and
-- ignored; clearing it keeps what those keys could do (org scope) now that a key's team scopes it.
UPDATE api_keys SET team_id = NULL WHERE role IN ('admin', 'service') AND team_id IS NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_org_roles_have_no_team
    CHECK (role NOT IN ('admin', 'service') OR team_id IS NULL);
