-- The audit trail of this service's administrative changes (shared by every service, in its own schema).
-- Append-only: the database itself refuses UPDATE, DELETE and TRUNCATE, so no API, bug or script can alter it.
CREATE TABLE IF NOT EXISTS audit_entries (
    id           bigserial   PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor        text        NOT NULL,
    actor_key_id text,
    team_id      text,
    kind         text        NOT NULL,
    action       text        NOT NULL,
    target       text        NOT NULL,
    before       jsonb,
    after        jsonb
);
CREATE INDEX IF NOT EXISTS audit_entries_at ON audit_entries (at);

CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on audit_entries is refused', TG_OP;
END
$$;
DROP TRIGGER IF EXISTS audit_entries_no_change ON audit_entries;
CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
