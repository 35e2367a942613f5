#!/usr/bin/env bash
# Builds the native executables of the six services (./mvnw -Pnative), and their images when asked.
#
#   ./native-build.sh [service...]     e.g. ./native-build.sh pricing budget (default: all six)
#   FINOPS_NATIVE_IMAGES=1 ./native-build.sh   also build the images from src/main/docker/Dockerfile.native
#
# With GRAALVM_HOME (GraalVM or Mandrel for Java 17+) the build runs locally; otherwise inside a builder
# container (-Dquarkus.native.container-build=true) when docker or podman is installed. With neither, it
# says what is missing and exits 1. Needs roughly 4 GB of memory and several minutes per service.
# cache-service's native profile embeds through an OpenAI-compatible endpoint instead of the in-process model.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

ALL=(ingest pricing budget anomaly cache gateway)
say() { printf 'native-build: %s\n' "$*"; }
die() { printf 'native-build: error: %s\n' "$*" >&2; exit 1; }

engine() {
	local e
	for e in docker podman; do
		if command -v "$e" >/dev/null 2>&1 && "$e" info >/dev/null 2>&1; then echo "$e"; return; fi
	done
}

main() {
	local services=("${@:-${ALL[@]}}") modules=() svc mode engine_cmd
	for svc in "${services[@]}"; do
		svc=${svc%-service}
		[[ " ${ALL[*]} " == *" $svc "* ]] || die "unknown service '$svc' (one of: ${ALL[*]})"
		modules+=("$svc-service")
	done
	local args=(-B -Pnative -DskipTests package -pl "$(IFS=,; echo "${modules[*]}")" -am)
	engine_cmd=$(engine)
	if [[ -n ${GRAALVM_HOME:-} ]]; then
		[[ -x $GRAALVM_HOME/bin/native-image ]] ||
			die "GRAALVM_HOME=$GRAALVM_HOME has no bin/native-image (install GraalVM/Mandrel for Java 17+, or unset it to build in a container)"
		mode="local GraalVM at $GRAALVM_HOME"
	elif [[ -n $engine_cmd ]]; then
		args+=(-Dquarkus.native.container-build=true "-Dquarkus.native.container-runtime=$engine_cmd")
		mode="a builder container ($engine_cmd)"
	else
		die "cannot build native executables here: GRAALVM_HOME is not set (GraalVM or Mandrel for Java 17+ with" \
			"native-image) and no working docker or podman was found for a container build. Install one of them."
	fi
	if [[ ${FINOPS_NATIVE_IMAGES:-} == 1 && -z $engine_cmd ]]; then
		die "FINOPS_NATIVE_IMAGES=1 needs docker or podman to build the images"
	fi
	say "building ${modules[*]} with $mode"
	./mvnw "${args[@]}"
	for svc in "${modules[@]}"; do
		ls "$svc"/target/*-runner >/dev/null 2>&1 || die "$svc: no native executable in $svc/target"
		say "$svc: $(ls "$svc"/target/*-runner)"
		if [[ ${FINOPS_NATIVE_IMAGES:-} == 1 ]]; then
			"$engine_cmd" build -f "$svc/src/main/docker/Dockerfile.native" -t "ghcr.io/finops-dev/$svc:0.1.0-native" "$svc"
		fi
	done
	say "done. ./mvnw -Pnative verify -pl <service> -am builds again and runs the *IT tests against the executable"
}

main "$@"
