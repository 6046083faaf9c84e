#!/usr/bin/env bash
# Runs the routing JMH benchmark (one MSA change -> topology + route table at 1,000 and
# 10,000 nodes). Extra arguments go to JMH, e.g. `tools/routing-benchmark.sh -p nodes=1000`.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl tools -am package -DskipTests
exec java -cp "tools/target/classes:tools/target/lib/*" org.openjdk.jmh.Main RoutingBenchmark -f 1 -wi 3 -i 5 "$@"
