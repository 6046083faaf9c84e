#!/usr/bin/env bash
# Runs VerdictChaos (see tools/README.md): 10 node processes on loopback, traffic throughout, a
# SIGKILL+restart, a SIGSTOP+SIGCONT or a cut link every 2 s and 5% frame loss, then every verdict
# checked against what the recipients' handlers saw. Loopback only; stops by itself (120 s plus
# start-up and a 14 s drain). Arguments go to the driver's JVM, e.g. -Dchaos.seconds=30 -Dchaos.seed=2.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl tools -am package -DskipTests
exec java "$@" -cp "tools/target/classes:tools/target/lib/*" io.meshage.tools.chaos.VerdictChaos
