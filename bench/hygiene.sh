#!/usr/bin/env bash
# Contact-data hygiene throughput: ContactCleaner on generated messy French records, after a warm-up.
# Usage: bench/hygiene.sh [records (default 200000)] [threads (default 1)]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o test-compile
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -Xmx1g -cp "target/classes:target/test-classes:$(cat "$CP_FILE")" io.activationhub.hygiene.HygieneBench "$@"
