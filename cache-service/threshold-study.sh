#!/usr/bin/env bash
# Re-runs the cache threshold study (ThresholdStudyTest: both bundled models on the MRPC pairs in
# ../shared/data, thresholds 0.80-0.98, with and without the fact guard) against the project's Postgres,
# and rewrites the generated table in cache-service/README.md. The study then checks that the service's
# defaults (finops.cache.embedding.model, finops.cache.default-threshold) are its choice.
#   cache-service/threshold-study.sh [-Dfinops.mrpc=<file>]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec ./finops test -q -pl cache-service -am -Dtest=ThresholdStudyTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfinops.study.write-readme=true "$@"
