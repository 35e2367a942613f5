#!/usr/bin/env bash
# Regenerates pricing-service's built-in catalog from LiteLLM's price map (model_prices_and_context_window.json):
# trims the map to the models pricing-service/src/main/catalog/catalog-models.json selects, commits that copy
# next to it, and writes src/main/resources/catalog/price-catalog.json with pricing's own import conversion.
# Usage: scripts/catalog-from-litellm.sh [path-or-URL of the map] (default: the committed copy).
# CatalogGeneratorTest fails when the committed catalog is not this script's output.
set -euo pipefail
cd "$(dirname "$0")/.."
map=${1:-pricing-service/src/main/catalog/litellm-model-prices.json}
if [[ $map == http* ]]; then
	tmp=$(mktemp)
	trap 'rm -f "$tmp"' EXIT
	curl -fsSL "$map" -o "$tmp"
	map=$tmp
fi
# CatalogGeneratorTest runs CatalogGenerator on the module's classpath, then checks its output (nothing is installed)
./mvnw -B -q -o -pl pricing-service -am test -Dtest=CatalogGeneratorTest -Dsurefire.failIfNoSpecifiedTests=false \
	-Dfinops.catalog.regenerate-from="$(realpath "$map")"
echo "wrote pricing-service/src/main/resources/catalog/price-catalog.json"
