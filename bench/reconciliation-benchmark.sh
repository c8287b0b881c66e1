#!/usr/bin/env bash
# Reconciliation benchmark (bench/README.md): generated loyalty members reconciled through the real reconciliation
# code (cleaning, deterministic and probabilistic matching against customers found by blocking keys in PostgreSQL,
# links, golden records) against embedded PostgreSQL; prints seconds, records/s, peak heap and duplicate-finding quality.
#
#   bench/reconciliation-benchmark.sh                          # 1,000,000 members in files of 100,000
#   bench/reconciliation-benchmark.sh --records=50000          # a quick look
# Options: --records=N --file-size=N --seed=N --home=DIR (embedded PostgreSQL data, emptied first)
#          --streets=N (street names per postcode, 19 by default; 400 spreads people over streets as a real base is)
#          --statements (also print PostgreSQL's time by statement during the reconciliation, from pg_stat_statements)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -DskipTests test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
exec java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    io.activationhub.bench.ReconciliationBenchmark "$@"
