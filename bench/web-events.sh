#!/usr/bin/env bash
# Web events benchmark (bench/README.md "Web events (issue 9)"): starts the hub with embedded PostgreSQL and Kafka in a
# fresh home (target/bench-web-events), seeds customers with a card and an email, publishes realistic web events to
# hub.web.events at a fixed rate and prints the latency from production to the stored decision (p50/p95/p99/max),
# the sustained rate, the consumer lag and the peak heap.
#
#   bench/web-events.sh                                   # 2,000 events/s for 60 s, 100,000 customers
#   bench/web-events.sh --rate=4000 --seconds=60          # headroom
#
# Options: --rate=N (events/s) --seconds=N --customers=N --warmup=N (seconds, not measured; 5) --drain=N (seconds to
# wait for the backlog after production; 60) --seed=N --home=DIR (emptied first); --hub.*=V, --spring.*=V and --logging.*=V
# are passed to the hub, e.g. --hub.web-events.batch-size=1000 --hub.web-events.batch-interval-ms=200;
# --explain-slow-ms=N --logging.level.io.zonky=INFO logs the plans of statements slower than N ms (auto_explain)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -DskipTests test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java ${JAVA_OPTS:--Xmx1g} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    io.activationhub.bench.WebEventsBenchmark "$@"
