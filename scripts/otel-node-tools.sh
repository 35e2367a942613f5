#!/usr/bin/env bash
# Installs the OpenTelemetry JS tools of e2e-tests/otel-node (the SDK, its OTLP trace exporters, the OpenAI
# instrumentation and the openai client) into e2e-tests/otel-node/node_modules, exactly as package-lock.json pins
# them, for e2e-tests' OtelExportersIT. Node.js comes from Debian's packages when it is missing. Idempotent: does
# nothing when node_modules already matches the lock file.
#
#   scripts/otel-node-tools.sh          install if needed
#   scripts/otel-node-tools.sh --check  exit 1 (with the reason) unless installed and up to date
set -euo pipefail

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../e2e-tests/otel-node" && pwd -P)
STAMP=$DIR/node_modules/.finops-installed # a copy of the lock file it was installed from

log() { printf 'otel-node-tools: %s\n' "$*" >&2; }

installed() { [[ -f $STAMP ]] && cmp -s "$STAMP" "$DIR/package-lock.json"; }

if [[ ${1:-} == --check ]]; then
  command -v node >/dev/null || { log "node is not installed (run scripts/otel-node-tools.sh)"; exit 1; }
  installed || { log "$DIR/node_modules is missing or older than package-lock.json (run scripts/otel-node-tools.sh)"; exit 1; }
  exit 0
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing Node.js and npm from Debian's packages"
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

if installed; then
  exit 0
fi
log "npm ci in $DIR ($(node --version))"
(cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error)
cp "$DIR/package-lock.json" "$STAMP"
