#!/usr/bin/env bash
# Scoring benchmark (bench/README.md): generates customers and ticket lines (deterministic seed), scores them,
# prints seconds per step, rows per second, peak memory and the holdout calibration of the purchase model.
#
#   bench/scoring-benchmark.sh                                   # 1,000,000 customers, 20,000,000 lines, embedded PostgreSQL
#   bench/scoring-benchmark.sh --customers=20000 --lines=400000  # a quick look
#   BENCH_JDBC_URL=jdbc:postgresql://host:5432/scratch BENCH_DB_USER=... BENCH_DB_PASSWORD=... \
#       bench/scoring-benchmark.sh --reset                       # a given PostgreSQL (emptied: use a scratch database)
#
# Options: --customers=N --lines=N --seed=N --end=YYYY-MM-DD (tickets cover the 730 days before) --home=DIR --reset
#          --reuse (keep the lines of an identical earlier generation: scoring figures only, minutes faster)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests test-compile
./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    io.activationhub.bench.ScoringBenchmark "$@"
