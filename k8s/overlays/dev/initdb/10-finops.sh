#!/usr/bin/env bash
# First start of the dev Postgres (docker-entrypoint-initdb.d): the database, pgvector and one login role
# and schema per service, as scripts/db.sh provisions them locally. Passwords come from Secret finops-db.
set -euo pipefail

psql=(psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --dbname "$POSTGRES_DB")
"${psql[@]}" <<'SQL'
-- vector lives in public so every service can use its type and operators (USAGE on public stays).
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
-- Nobody but the service roles may connect, and nobody may create objects in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
"${psql[@]}" -c "REVOKE ALL ON DATABASE \"$POSTGRES_DB\" FROM PUBLIC"

for svc in ingest pricing budget anomaly cache gateway; do
	password_var="FINOPS_DB_PASSWORD_${svc^^}"
	[[ -n ${!password_var:-} ]] || { echo "10-finops.sh: $password_var is empty" >&2; exit 1; }
	"${psql[@]}" -v svc="$svc" -v role="finops_$svc" -v pw="${!password_var}" -v db="$POSTGRES_DB" <<'SQL'
SET password_encryption = 'scram-sha-256';
CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
ALTER ROLE :"role" SET search_path = :"svc", public;
CREATE SCHEMA :"svc" AUTHORIZATION :"role";
REVOKE ALL ON SCHEMA :"svc" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
done
