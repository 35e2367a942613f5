#!/usr/bin/env bash
# The official LLM SDKs the e2e tests drive gateway-service with: openai and @anthropic-ai/sdk at the versions of
# e2e-tests/node/package-lock.json, installed with Debian's Node.js into e2e-tests/node/node_modules (git-ignored).
#
#   scripts/node-tools.sh          install if missing or stale, then print the node_modules path
#   scripts/node-tools.sh --check  exit 0 when installed and current, 3 otherwise (nothing is installed)
#
# Idempotent and offline once installed: the lock file's checksum is kept in node_modules/.finops-lock.sha256, and
# npm runs only when it differs or a package is missing. The e2e tests call this before their first SDK script
# (so ./finops test installs them on a fresh clone). openai@7.55.0 declares Node >= 22; npm warns EBADENGINE on
# Node 20 and it works (never pass --engine-strict).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DIR=$ROOT/e2e-tests/node
STAMP=$DIR/node_modules/.finops-lock.sha256
PACKAGES=(openai @anthropic-ai/sdk)

say() { printf 'node-tools: %s\n' "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}

# node and npm from the machine's package registry (Debian's nodejs), only when missing.
ensure_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  say "installing Node.js and npm (Debian packages nodejs, npm)"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null 2>&1 ||
    { "${sudo[@]}" apt-get update -q >/dev/null &&
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null; } ||
    die "could not install nodejs and npm (apt-get install nodejs npm)"
}

lock_sum() { sha256sum "$DIR/package-lock.json" | cut -d' ' -f1; }

# Installed, complete, and from the current lock file?
current() {
  [[ -f $STAMP && $(<"$STAMP") == "$(lock_sum)" ]] || return 1
  local p
  for p in "${PACKAGES[@]}"; do
    [[ -f $DIR/node_modules/$p/package.json ]] || return 1
  done
}

main() {
  [[ -f $DIR/package-lock.json ]] || die "$DIR/package-lock.json is missing"
  if [[ ${1:-} == --check ]]; then
    current && exit 0
    exit 3
  fi
  [[ $# -eq 0 ]] || die "unknown option $1 (known: --check)"
  if ! current; then
    ensure_node
    say "installing ${PACKAGES[*]} from $DIR/package-lock.json (npm ci)"
    # npm's own cache keeps a second install offline; no audit or funding calls
    (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2 || die "npm ci failed in $DIR"
    lock_sum >"$STAMP"
  fi
  local p
  for p in "${PACKAGES[@]}"; do
    node -e "const v=require('$DIR/node_modules/$p/package.json').version; process.stderr.write('node-tools: $p ' + v + '\n')" ||
      die "$p is not usable"
  done
  echo "$DIR/node_modules"
}

main "$@"
