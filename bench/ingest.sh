#!/usr/bin/env bash
# POS ingest benchmark (bench/README.md, issue 9): the hub's file ingestion of a till export compared, in one run, with
# PostgreSQL's own COPY of the same file into a bare table and with a naive route (split per line + one INSERT per row).
#
#   bench/ingest.sh                                              # 1,000,000 lines; naive route on the first 50,000
#   bench/ingest.sh --lines=200000 --naive-lines=20000           # a quick look
#   JAVA_OPTS=-Xmx512m bench/ingest.sh --lines=10000000 --only=hub   # memory: 10 million lines in a 512 MB heap
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests test-compile
./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java ${JAVA_OPTS:--Xmx1g} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    io.activationhub.bench.IngestBenchmark "$@"
