#!/usr/bin/env bash
# Checks the alert rules of finops-rules.yaml (a PrometheusRule) with promtool:
#   promtool check rules   on the rule groups taken out of the PrometheusRule's spec
#   promtool test rules    the unit tests in tests/*.yaml against those groups
#
# promtool comes from Debian's `prometheus` package, unpacked (never installed, no daemon) into
# <project>/.finops/tools/prometheus, or from PROMTOOL=/path/to/promtool.
# Run by deploy-tests (PrometheusRulesTest) inside ./finops test; exits non-zero on any failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd "$HERE/../../.." && pwd -P)
TOOLS=$ROOT/.finops/tools
OUT=${FINOPS_RULES_OUT:-$ROOT/.finops/rules-check}

log() { printf 'check-rules: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
	if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
		die "need root for '$*' (or set PROMTOOL=/path/to/promtool)"
	fi
}

# promtool of Debian's prometheus package: apt-get download + dpkg-deb -x, cached in .finops/tools.
promtool_path() {
	if [[ -n ${PROMTOOL:-} ]]; then echo "$PROMTOOL"; return; fi
	local bin=$TOOLS/prometheus/usr/bin/promtool
	if [[ ! -x $bin ]]; then
		command -v apt-get >/dev/null || die "promtool missing and no apt-get: set PROMTOOL=/path/to/promtool"
		local tmp
		tmp=$(mktemp -d)
		log "fetching promtool: apt-get download prometheus"
		if ! (cd "$tmp" && apt-get download -q prometheus >/dev/null 2>&1); then
			log "apt-get update (package lists are missing or stale)"
			as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
			(cd "$tmp" && apt-get download -q prometheus >/dev/null) || die "apt-get download prometheus failed"
		fi
		mkdir -p "$TOOLS/prometheus"
		dpkg-deb -x "$tmp"/prometheus_*.deb "$TOOLS/prometheus"
		rm -rf "$tmp"
		[[ -x $bin ]] || die "the prometheus package has no usr/bin/promtool"
	fi
	echo "$bin"
}

# The PrometheusRule's spec (from the line `spec:` to the end) with its two-space indent removed is a
# plain rule file (`groups: ...`). promtool check rules below rejects anything else.
extract_groups() {
	awk 'started && /^[^ #]/ { exit } started { sub(/^  /, ""); print } /^spec:/ { started = 1 }' "$HERE/finops-rules.yaml"
}

main() {
	local promtool
	promtool=$(promtool_path)
	rm -rf "$OUT" && mkdir -p "$OUT"
	extract_groups >"$OUT/finops-rules.yaml"
	grep -q '^groups:' "$OUT/finops-rules.yaml" || die "no spec.groups in finops-rules.yaml"
	cp "$HERE"/tests/*.yaml "$OUT/"
	log "$("$promtool" --version 2>&1 | head -n 1)"
	"$promtool" check rules "$OUT/finops-rules.yaml"
	(cd "$OUT" && "$promtool" test rules ./*-test.yaml)
}

main "$@"
