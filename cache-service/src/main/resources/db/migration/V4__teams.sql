-- Issue 17: cache namespaces belong to a team. Entries, policies and statistics carry the team they belong to
-- (NULL: the org's; rows from before this change stay the org's, nothing is derived). The team is part of every key,
-- written COALESCE(team_id, '') so the org is a tenant of its own and the expression can be indexed.
ALTER TABLE cache_entries ADD COLUMN team_id text;
DROP INDEX cache_entries_key;
-- the exact path, the upsert's conflict target, and (leading namespace, team, model, scope) the filter of the vector
-- search when a team's share of a namespace is small enough for the planner to sort it exactly
CREATE UNIQUE INDEX cache_entries_key
    ON cache_entries (namespace, (COALESCE(team_id, '')), model, scope_hash, prompt_hash);
DROP INDEX cache_entries_recency;
CREATE INDEX cache_entries_recency
    ON cache_entries (namespace, (COALESCE(team_id, '')), (COALESCE(last_hit_at, created_at)));

ALTER TABLE cache_policies ADD COLUMN team_id text;
ALTER TABLE cache_policies DROP CONSTRAINT cache_policies_pkey;
CREATE UNIQUE INDEX cache_policies_key ON cache_policies (namespace, (COALESCE(team_id, '')));

ALTER TABLE cache_stats ADD COLUMN team_id text;
ALTER TABLE cache_stats DROP CONSTRAINT cache_stats_pkey;
CREATE UNIQUE INDEX cache_stats_key ON cache_stats (namespace, (COALESCE(team_id, '')), bucket);

-- A team's entries of a namespace shared with other teams (all_teams) or some (teams); set by admins only.
CREATE TABLE cache_sharing (
    namespace   text        NOT NULL,
    owner_team  text        NOT NULL,
    teams       text[]      NOT NULL DEFAULT '{}',
    all_teams   boolean     NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, owner_team)
);
