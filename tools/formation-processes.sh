#!/usr/bin/env bash
# Starts 20 `meshage node` processes on loopback at random moments over 4 s (discovery on
# 127.255.255.255 and a free UDP port, TCP on ephemeral ports) and prints the time from the last
# node coming up to one mesh. Options as system properties, e.g.
#   tools/formation-processes.sh -Dformation.runs=5 -Dformation.degree=3 -Dformation.seed=7
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dmaven.test.skip=true -pl meshage-cli,tools -am package
exec java "$@" -cp "tools/target/classes:tools/target/lib/*" io.meshage.tools.formation.ProcessFormation
