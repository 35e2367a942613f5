-- Keys of the new team-admin role (issue 17), stored by their wire name as every role is.
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
    CHECK (role IN ('admin', 'team-admin', 'reader', 'ingest', 'service'));
