#!/usr/bin/env bash
# Email channel benchmark (bench/README.md "Email"): messages/s to a local SMTP server with camel-mail's default
# sender (a connection per message) and with the hub's pooled sender, in one run.
#
#   bench/email.sh [--messages=2000] [--rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -DskipTests test-compile
./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx512m -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    io.activationhub.bench.EmailSendBenchmark "$@"
