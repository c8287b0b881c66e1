#!/usr/bin/env bash
# Identity resolution: pairwise precision / recall / F1 on the Febrl data sets (../shared/bench/febrl) and on generated
# French sets, then the time and peak heap to resolve a large generated loyalty base (in batches of 100,000).
# Usage: bench/identity.sh [records for the scale run (default 1000000)]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o test-compile
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -Xmx2g -cp "target/classes:target/test-classes:$(cat "$CP_FILE")" io.activationhub.identity.LinkageBench "$@"
