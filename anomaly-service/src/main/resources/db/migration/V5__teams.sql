-- Teams as tenants (issue 17). The usage feed says which team each agent and feature reports for; anomalies,
-- baselines and anomaly policies are then owned by that team, and a team's keys see only their own.

-- The team an agent or feature reports usage for. While every event of the subject named one team it is that
-- team's (team_id); once two teams report for it, it is shared and belongs to the org (team_id NULL, shared true).
CREATE TABLE subject_teams (
    scope    text    NOT NULL CHECK (scope IN ('agent', 'feature')),
    scope_id text    NOT NULL,
    team_id  text,
    shared   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (scope, scope_id)
);

-- What is known so far: the agents of the session windows still held.
INSERT INTO subject_teams (scope, scope_id, team_id, shared)
SELECT 'agent', agent_id, CASE WHEN count(DISTINCT team_id) = 1 THEN min(team_id) END, count(DISTINCT team_id) > 1
FROM session_minutes WHERE agent_id IS NOT NULL AND team_id IS NOT NULL GROUP BY agent_id;

-- Anomalies of an agent record its team (team and session anomalies recorded theirs already; org-level ones and
-- those of shared agents and features stay NULL: visible to org keys only).
UPDATE anomalies a SET team_id = s.team_id FROM subject_teams s
WHERE a.team_id IS NULL AND s.scope = a.scope AND s.scope_id = a.scope_id AND s.team_id IS NOT NULL;

-- Baselines and anomaly policies belong to a team (NULL: the org's, changed by admins only): the agent's team when
-- the feed knows it, else the team of the team-admin (or team namespace) that set it.
ALTER TABLE baselines ADD COLUMN team_id text;
UPDATE baselines b SET team_id = s.team_id FROM subject_teams s WHERE s.scope = 'agent' AND s.scope_id = b.agent_id;
ALTER TABLE anomaly_policies ADD COLUMN team_id text;
UPDATE anomaly_policies p SET team_id = s.team_id FROM subject_teams s
WHERE s.scope = 'agent' AND s.scope_id = p.agent_id;
