#!/usr/bin/env bash
# The monitoring tools the suite's users run, as the e2e tests start them (PrometheusIT, AlertmanagerIT): Debian's
# packages, installed when missing the way scripts/db.sh installs Postgres (as root, or through sudo).
#
#   scripts/real-tools.sh install        apt-get install prometheus prometheus-alertmanager, unless both are installed
#   scripts/real-tools.sh path <tool>    the binary of prometheus | promtool | alertmanager | amtool
#   scripts/real-tools.sh versions       what is installed
#
# The packages' own services are not wanted (they listen on every interface, and the tests start their own on
# loopback with their own configuration): when this script installed the packages and their services came up, it
# stops and disables them again.
set -euo pipefail

PACKAGES=(prometheus prometheus-alertmanager)
declare -A BINARY=([prometheus]=/usr/bin/prometheus [promtool]=/usr/bin/promtool
	[alertmanager]=/usr/bin/prometheus-alertmanager [amtool]=/usr/bin/amtool)

log() { printf 'real-tools.sh: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

as_root() {
	if [[ $(id -u) -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root to run '$*' (not root and sudo is not available)"
	fi
}

missing_packages() {
	local pkg status
	for pkg in "${PACKAGES[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
		[[ $status == ii* ]] || echo "$pkg"
	done
}

# The services Debian's postinst may have started (no policy-rc.d forbidding it): stopped and disabled.
quiet_packaged_services() {
	local unit
	for unit in prometheus prometheus-alertmanager; do
		if [[ -d /run/systemd/system ]]; then
			if systemctl is-active --quiet "$unit" 2>/dev/null || systemctl is-enabled --quiet "$unit" 2>/dev/null; then
				log "stopping and disabling the packaged $unit service"
				as_root systemctl disable --now "$unit" >/dev/null 2>&1 || log "could not disable $unit"
			fi
		elif [[ -x /etc/init.d/$unit ]] && as_root service "$unit" status >/dev/null 2>&1; then
			log "stopping and disabling the packaged $unit service"
			as_root service "$unit" stop >/dev/null 2>&1 || log "could not stop $unit"
			as_root update-rc.d "$unit" disable >/dev/null 2>&1 || true
		fi
	done
}

cmd_install() {
	local missing
	mapfile -t missing < <(missing_packages)
	if ((${#missing[@]})); then
		command -v apt-get >/dev/null || die "${missing[*]} missing and no apt-get on this machine"
		log "apt-get update"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
		log "apt-get install ${missing[*]}"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
			--no-install-recommends "${missing[@]}" >/dev/null
		quiet_packaged_services
	fi
	local tool
	for tool in "${!BINARY[@]}"; do
		[[ -x ${BINARY[$tool]} ]] || die "${BINARY[$tool]} is missing although ${PACKAGES[*]} are installed"
	done
}

cmd_path() {
	local tool=${1:-}
	[[ -n $tool && -n ${BINARY[$tool]:-} ]] || die "usage: $0 path prometheus|promtool|alertmanager|amtool"
	[[ -x ${BINARY[$tool]} ]] || die "${BINARY[$tool]} is not installed: run $0 install"
	echo "${BINARY[$tool]}"
}

cmd_versions() {
	"${BINARY[prometheus]}" --version 2>&1 | head -n 1
	"${BINARY[alertmanager]}" --version 2>&1 | head -n 1
}

case ${1:-} in
install) cmd_install ;;
path) cmd_path "${2:-}" ;;
versions) cmd_versions ;;
*)
	sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
	exit 2
	;;
esac
