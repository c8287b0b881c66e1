#!/usr/bin/env bash
# Ads channel benchmark (bench/README.md "Ad platforms"): starts the hub with embedded PostgreSQL and Kafka and the
# mock partners in-process (their own HTTP server), generates an audience with the ads consent, syncs it to the
# platform mock (normalise, hash, push in batches of 10,000, record what was acknowledged), changes 1% and syncs the
# delta. Prints seconds and rates of each step.
#
#   bench/ads-sync.sh                                  # 1,000,000 members to the Meta-style mock
#   bench/ads-sync.sh --members=100000 --platform=google
#
# Options: --members=N --platform=meta|google --home=DIR (emptied first; default target/bench-ads)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -DskipTests test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx4g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    io.activationhub.bench.AdSyncBenchmark "$@"
