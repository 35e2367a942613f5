#!/usr/bin/env bash
# Local PostgreSQL 15 + pgvector for the LLM FinOps suite (no Docker).
#
#   scripts/db.sh [start]   install what is missing, init + start the cluster, create db/roles/schemas
#   scripts/db.sh stop      stop the cluster (pg_ctl stop -m fast)
#   scripts/db.sh restart   pg_ctl restart -m fast (cuts every connection; the e2e fault tests use it)
#   scripts/db.sh status    running or not, port, pgvector version (exit 3 when not running)
#   scripts/db.sh env       print `export ...` lines for the connection settings
#
# Settings: FINOPS_PG_PORT (default 5433), FINOPS_DB_PASSWORD (default "finops"), FINOPS_DB_NAME (default
# "finops"; ./finops test and ./finops bench use their own databases, finops_test and finops_bench, in the same
# cluster).
# The cluster lives in <project>/.finops/pg (self-ignored via .finops/.gitignore).
set -euo pipefail

PG_MAJOR=15
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_CONFIG=$PG_BIN/pg_config
PORT=${FINOPS_PG_PORT:-5433}
PASSWORD=${FINOPS_DB_PASSWORD:-finops}
DB_NAME=${FINOPS_DB_NAME:-finops}
SERVICES=(ingest pricing budget anomaly cache gateway)

# Project root = directory above scripts/, resolved from this file (works from any cwd).
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
FINOPS_DIR=$ROOT_DIR/.finops
PG_LINK=$FINOPS_DIR/pg # real dir, or symlink to /var/tmp/... when postgres can't reach the project

log() { printf 'db.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $PORT =~ ^[0-9]+$ ]] || die "FINOPS_PG_PORT must be a number, got '$PORT'"
[[ $DB_NAME =~ ^[a-z_][a-z0-9_]*$ ]] || die "FINOPS_DB_NAME must be a lower-case SQL identifier, got '$DB_NAME'"

IS_ROOT=false
[[ $(id -u) -eq 0 ]] && IS_ROOT=true
# The server must not run as root; as root we hand everything to the postgres OS user.
if $IS_ROOT; then SERVER_USER=postgres; else SERVER_USER=$(id -un); fi

# Run a command with root rights (sudo when not root). Both wrappers close fd 9, the
# start lock: a daemon started underneath (the postmaster, or a service started by a
# package's postinst) would otherwise inherit it and hold the lock forever.
as_root() {
	if $IS_ROOT; then
		"$@" 9>&-
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@" 9>&-
	else
		die "need root to run '$*' (not root and sudo is not available)"
	fi
}

# Run a command as the server's OS user. `cd /` first: runuser keeps the cwd, and
# postgres cannot read e.g. /root, which makes initdb/pg_ctl complain.
as_pg() {
	if $IS_ROOT; then
		(cd / && runuser -u postgres -- "$@" 9>&-)
	else
		"$@" 9>&-
	fi
}

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------
APT_UPDATED=false

apt_install() {
	if ! $APT_UPDATED; then
		log "apt-get update"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
		APT_UPDATED=true
	fi
	log "apt-get install $*"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# Install the given packages if any is missing (one dpkg-query call: keeps re-runs fast).
ensure_pkgs() {
	local missing=() pkg status
	for pkg in "$@"; do
		status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
		[[ $status == ii* ]] || missing+=("$pkg")
	done
	((${#missing[@]} == 0)) || apt_install "${missing[@]}"
}

vector_installed() {
	[[ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]] &&
		[[ -f "$("$PG_CONFIG" --pkglibdir)/vector.so" ]]
}

vector_available_version() {
	sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$("$PG_CONFIG" --sharedir)/extension/vector.control" 2>/dev/null || true
}

# Mirror URL of the machine's main Debian archive (one-line *.list and deb822 *.sources).
debian_mirror() {
	local codename url=""
	# shellcheck source=/dev/null
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
	local lists=() sources=() f
	[[ -f /etc/apt/sources.list ]] && lists+=(/etc/apt/sources.list)
	for f in /etc/apt/sources.list.d/*.list; do [[ -f $f ]] && lists+=("$f"); done
	for f in /etc/apt/sources.list.d/*.sources; do [[ -f $f ]] && sources+=("$f"); done
	if ((${#lists[@]})); then
		# deb [opts] URL SUITE COMPONENTS...  -> URL of the first line whose suite is exactly $codename
		url=$(awk -v c="$codename" '
			$1 == "deb" || $1 == "deb-src" {
				i = 2
				if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
				if ($(i + 1) == c) { print $i; exit }
			}' "${lists[@]}")
	fi
	if [[ -z $url ]] && ((${#sources[@]})); then
		# deb822 stanzas: Types / URIs / Suites / Enabled
		url=$(awk -v c="$codename" '
			BEGIN { RS = ""; FS = "\n" }
			{
				types = ""; uris = ""; suites = ""; enabled = "yes"
				for (i = 1; i <= NF; i++) {
					line = $i
					if (line ~ /^[ \t]*#/) continue
					if (match(line, /^[A-Za-z-]+:/)) {
						key = tolower(substr(line, 1, RLENGTH - 1)); val = substr(line, RLENGTH + 1)
						gsub(/^[ \t]+|[ \t]+$/, "", val)
						if (key == "types") types = val
						else if (key == "uris") uris = val
						else if (key == "suites") suites = val
						else if (key == "enabled") enabled = tolower(val)
					}
				}
				if (enabled == "no" || (" " types " ") !~ / deb(-src)? /) next
				if ((" " suites " ") ~ (" " c " ")) { split(uris, u, " "); print u[1]; exit }
			}' "${sources[@]}")
	fi
	[[ $url =~ ^https?:// ]] || url=http://deb.debian.org/debian
	echo "${url%/}"
}

PGV_TMP=""
cleanup() { if [[ -n $PGV_TMP ]]; then as_root rm -rf "$PGV_TMP"; fi; }
trap cleanup EXIT

# Bookworm has no pgvector package: build trixie's source package against PG 15.
# apt only ever sees a throw-away source list in a temp dir; /etc/apt is never touched.
install_pgvector() {
	local mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	local aptopts insecure=() dsc orig build
	log "pgvector missing: building it from Debian trixie's source package"
	# Trixie's Release file is signed with the 13/trixie keys; recent bookworm keyrings have them.
	if [[ ! -e /usr/share/keyrings/debian-archive-trixie-automatic.gpg ]]; then
		apt_install debian-archive-keyring || true
	fi

	PGV_TMP=$(mktemp -d "${TMPDIR:-/tmp}/finops-pgvector.XXXXXX")
	chmod 755 "$PGV_TMP" # apt downloads as the _apt user; let it traverse
	mkdir -p "$PGV_TMP"/{lists/partial,empty,cache/archives/partial,src}
	mirror=$(debian_mirror)
	echo "deb-src [signed-by=$keyring] $mirror trixie main" >"$PGV_TMP/sources.list"
	# Own lists *and* cache dir, so the system's pkgcache.bin is not rebuilt from our temp list.
	aptopts=(-o "Dir::Etc::SourceList=$PGV_TMP/sources.list" -o "Dir::Etc::SourceParts=$PGV_TMP/empty"
		-o "Dir::State::Lists=$PGV_TMP/lists" -o "Dir::Cache=$PGV_TMP/cache")
	if getent passwd _apt >/dev/null; then as_root chown _apt "$PGV_TMP/src"; fi

	log "fetching pgvector source from $mirror (trixie)"
	if ! as_root apt-get "${aptopts[@]}" -q update >"$PGV_TMP/update.log" 2>&1; then
		# Only if signature verification is impossible (old keyring): accept unsigned indexes.
		log "apt-get update of trixie sources failed; retrying without signature verification:"
		sed 's/^/    /' "$PGV_TMP/update.log" >&2
		insecure=(--allow-unauthenticated)
		as_root apt-get "${aptopts[@]}" -o Acquire::AllowInsecureRepositories=true -q update >/dev/null ||
			die "cannot fetch the trixie source index from $mirror"
	fi
	(cd "$PGV_TMP/src" && as_root apt-get "${aptopts[@]}" "${insecure[@]}" -q source --download-only pgvector >/dev/null) ||
		die "apt-get source pgvector failed"

	build=$PGV_TMP/build
	dsc=$(find "$PGV_TMP/src" -maxdepth 1 -name 'pgvector_*.dsc' | head -n1)
	if ! as_root dpkg-source -x "$dsc" "$build" >/dev/null 2>&1; then
		# Fall back to the upstream tarball (skips the Debian patches, which we don't need).
		log "dpkg-source could not unpack $dsc; extracting the .orig tarball instead"
		orig=$(find "$PGV_TMP/src" -maxdepth 1 -name 'pgvector_*.orig.tar.*' | head -n1)
		[[ -n $orig ]] || die "no pgvector .orig tarball downloaded"
		as_root rm -rf "$build"
		as_root mkdir -p "$build"
		as_root tar -xf "$orig" -C "$build" --strip-components=1
	fi

	# OPTFLAGS="" drops pgvector's default -march=native, so the build is portable.
	log "building pgvector $(basename "$dsc" .dsc | sed 's/^pgvector_//')"
	as_root make -C "$build" -j"$(nproc)" OPTFLAGS="" PG_CONFIG="$PG_CONFIG" >"$PGV_TMP/build.log" 2>&1 ||
		{ tail -n 30 "$PGV_TMP/build.log" >&2; die "pgvector build failed"; }
	as_root make -C "$build" OPTFLAGS="" PG_CONFIG="$PG_CONFIG" install >>"$PGV_TMP/build.log" 2>&1 ||
		{ tail -n 30 "$PGV_TMP/build.log" >&2; die "pgvector install failed"; }
	vector_installed || die "pgvector installed but vector.control/vector.so not found"
	cleanup
	PGV_TMP=""
}

# ---------------------------------------------------------------------------
# Cluster location
# ---------------------------------------------------------------------------
# PG_HOME is the real directory holding data/, run/ and postgres.log; .finops/pg is it,
# or a symlink to it. Sets PG_HOME="" when nothing has been created yet.
locate_pg_home() {
	PG_HOME=""
	if [[ -L $PG_LINK ]]; then
		PG_HOME=$(readlink "$PG_LINK")
	elif [[ -d $PG_LINK ]]; then
		PG_HOME=$PG_LINK
	fi
	DATA=$PG_HOME/data
	RUN=$PG_HOME/run
	LOGFILE=$PG_HOME/postgres.log
}

# mkdir owned by the server user with the given mode.
mkdir_pg() {
	local mode=$1 dir=$2
	if $IS_ROOT; then
		install -d -m "$mode" -o postgres -g postgres "$dir"
	else
		install -d -m "$mode" "$dir"
	fi
}

prepare_pg_home() {
	mkdir -p "$FINOPS_DIR"
	[[ -f $FINOPS_DIR/.gitignore ]] || echo '*' >"$FINOPS_DIR/.gitignore" # keep all of .finops out of git
	locate_pg_home
	if [[ -z $PG_HOME ]]; then
		# Use .finops/pg itself unless the postgres user cannot traverse the project path
		# (e.g. a repo under /root, mode 700) or the socket path would exceed the
		# 107-byte unix socket limit. Never chmod the user's directories.
		local reachable=true
		if $IS_ROOT; then
			chmod 755 "$FINOPS_DIR"
			as_pg test -x "$FINOPS_DIR" || reachable=false
		fi
		if $reachable && ((${#PG_LINK} + ${#PORT} + 15 <= 107)); then
			PG_HOME=$PG_LINK
		else
			PG_HOME=/var/tmp/finops-pg-$(printf '%s' "$ROOT_DIR" | sha256sum | cut -c1-12)
			log "postgres cannot use $PG_LINK directly; using $PG_HOME (symlinked)"
			ln -sfn "$PG_HOME" "$PG_LINK"
		fi
	fi
	# /var/tmp is world-writable: refuse a pre-existing dir owned by someone else.
	if [[ -e $PG_HOME ]]; then
		local owner
		owner=$(stat -c %U "$PG_HOME")
		[[ $owner == "$SERVER_USER" || $owner == root ]] || die "$PG_HOME is owned by $owner, expected $SERVER_USER"
	fi
	mkdir_pg 755 "$PG_HOME"
	mkdir_pg 700 "$PG_HOME/data"
	# Socket dir 700: local connections are `trust`, so only the server user may use the socket.
	mkdir_pg 700 "$PG_HOME/run"
	locate_pg_home
}

is_running() {
	[[ -n $PG_HOME && -f $DATA/PG_VERSION ]] && as_pg "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

# psql as the postgres superuser over the unix socket.
psql_admin() {
	as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$RUN" -p "$(running_port)" -U postgres "$@"
}

# Port of the running server (from postmaster.pid line 4), falling back to $PORT.
running_port() {
	local p
	p=$(as_pg sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true)
	[[ $p =~ ^[0-9]+$ ]] && echo "$p" || echo "$PORT"
}

display_data_dir() {
	if [[ -L $PG_LINK ]]; then echo ".finops/pg/data -> $DATA"; else echo ".finops/pg/data"; fi
}

# ---------------------------------------------------------------------------
# Cluster setup
# ---------------------------------------------------------------------------
init_cluster() {
	local locale=C
	locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && locale=C.UTF-8
	log "initdb $DATA (locale $locale)"
	as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
		--encoding=UTF8 --locale="$locale" >"$PG_HOME/initdb.log" 2>&1 ||
		{ cat "$PG_HOME/initdb.log" >&2; die "initdb failed"; }
}

# Our settings live in data/finops.conf, included at the end of postgresql.conf.
# Returns 0 when the file changed (a running server then needs a restart).
write_config() {
	local conf
	conf="# Managed by scripts/db.sh - rewritten on every start; edit the script instead.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '${RUN//\'/\'\'}'
max_connections = 200
shared_buffers = 256MB
# Events must be durable: keep fsync and synchronous commit on even in dev/test.
fsync = on
synchronous_commit = on
# The app keeps many day partitions; each one costs locks per transaction.
max_locks_per_transaction = 256"
	if ! grep -q "^include_if_exists 'finops.conf'" "$DATA/postgresql.conf"; then
		printf "\n# Local settings for the FinOps suite\ninclude_if_exists 'finops.conf'\n" |
			as_pg tee -a "$DATA/postgresql.conf" >/dev/null
	fi
	if [[ -f $DATA/finops.conf && "$(<"$DATA/finops.conf")" == "$conf" ]]; then
		return 1
	fi
	printf '%s\n' "$conf" | as_pg tee "$DATA/finops.conf" >/dev/null
	return 0
}

start_server() {
	log "starting postgres on 127.0.0.1:$PORT"
	as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 start >/dev/null ||
		{ tail -n 20 "$LOGFILE" >&2 || true; die "pg_ctl start failed (log: $LOGFILE)"; }
}

wait_ready() {
	local i
	for ((i = 0; i < 150; i++)); do
		"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && return 0
		sleep 0.2
	done
	die "postgres did not become ready on 127.0.0.1:$PORT (log: $LOGFILE)"
}

# Database, extension, and one role + schema per service. Idempotent; prints the pgvector version.
provision_db() {
	local svc sql
	sql="SET client_min_messages = warning;
SELECT 'CREATE DATABASE $DB_NAME' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB_NAME')\\gexec
\\c $DB_NAME
SET client_min_messages = warning;
SET password_encryption = 'scram-sha-256';
\\getenv pw FINOPS_DB_PASSWORD
-- vector lives in public so every service can use its type and operators (USAGE on public stays).
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
-- Nobody but the service roles may connect, and nobody may create objects in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE $DB_NAME FROM PUBLIC;
"
	for svc in "${SERVICES[@]}"; do
		sql+="
DO \$\$BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'finops_$svc') THEN
    CREATE ROLE finops_$svc LOGIN;
  END IF;
END\$\$;
ALTER ROLE finops_$svc WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
ALTER ROLE finops_$svc SET search_path = $svc, public;
DO \$\$BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '$svc') THEN
    CREATE SCHEMA $svc AUTHORIZATION finops_$svc;
  END IF;
END\$\$;
ALTER SCHEMA $svc OWNER TO finops_$svc;
REVOKE ALL ON SCHEMA $svc FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE $DB_NAME TO finops_$svc;
"
	done
	sql+="SELECT extversion FROM pg_extension WHERE extname = 'vector';"
	# Password goes through the environment (\getenv), not argv, so `ps` never shows it.
	printf '%s\n' "$sql" | FINOPS_DB_PASSWORD=$PASSWORD psql_admin -At -d postgres -f -
}

# ---------------------------------------------------------------------------
# Subcommands
# ---------------------------------------------------------------------------
cmd_start() {
	# Serialise concurrent starts (e.g. several test modules at once).
	mkdir -p "$FINOPS_DIR"
	exec 9>"$FINOPS_DIR/.db.lock"
	flock 9

	ensure_pkgs "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" make gcc libc6-dev
	if ! vector_installed; then
		ensure_pkgs dpkg-dev
		install_pgvector
	fi

	prepare_pg_home
	[[ -f $DATA/PG_VERSION ]] || init_cluster
	local changed=false
	write_config && changed=true
	if is_running; then
		if $changed; then
			log "configuration changed; restarting"
			as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 -m fast restart >/dev/null ||
				{ tail -n 20 "$LOGFILE" >&2 || true; die "pg_ctl restart failed"; }
		fi
	else
		start_server
	fi
	wait_ready

	local version
	version=$(provision_db)
	echo "postgres ready on 127.0.0.1:$PORT (data $(display_data_dir), pgvector ${version:-?})"
}

cmd_stop() {
	locate_pg_home
	if is_running; then
		as_pg "$PG_BIN/pg_ctl" -D "$DATA" -w -t 60 -m fast stop >/dev/null
		echo "postgres stopped ($(display_data_dir))"
	else
		echo "postgres not running"
	fi
}

cmd_restart() {
	locate_pg_home
	is_running || die "postgres is not running (scripts/db.sh start)"
	as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 -m fast restart >/dev/null ||
		{ tail -n 20 "$LOGFILE" >&2 || true; die "pg_ctl restart failed"; }
	wait_ready
	echo "postgres restarted ($(display_data_dir))"
}

cmd_status() {
	locate_pg_home
	if [[ -z $PG_HOME || ! -f $DATA/PG_VERSION ]]; then
		echo "postgres not initialised (run scripts/db.sh start)"
		return 3
	fi
	if ! is_running; then
		echo "postgres stopped (data $(display_data_dir), port $PORT, pgvector available: $(vector_available_version))"
		return 3
	fi
	local port version
	port=$(running_port)
	version=$(psql_admin -At -d "$DB_NAME" -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'" 2>/dev/null || true)
	echo "postgres running on 127.0.0.1:$port (data $(display_data_dir), pgvector ${version:-not installed})"
}

cmd_env() {
	printf 'export FINOPS_PG_HOST=127.0.0.1 FINOPS_PG_PORT=%q FINOPS_DB_PASSWORD=%q\n' "$PORT" "$PASSWORD"
}

case "${1:-start}" in
start) cmd_start ;;
stop) cmd_stop ;;
restart) cmd_restart ;;
status) cmd_status ;;
env) cmd_env ;;
-h | --help | help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
*) die "unknown command '$1' (use start|stop|restart|status|env)" ;;
esac
