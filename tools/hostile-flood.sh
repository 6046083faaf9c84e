#!/usr/bin/env bash
# Runs HostileFlood (see tools/README.md): starts a keyed node with -Xmx256m in a JVM of its own,
# floods it for 20 s from 127.0.0.2 with 1,500 idle sockets, 150 connections at a time claiming a
# 10 MiB frame and 150 at a time doing the clear key step and claiming a maximum-size record, and
# times a real keyed peer joining before, during and after. Loopback only; it stops by itself.
# Arguments go to the rig's JVM, e.g. -Dflood.seconds=60 -Dflood.from=127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl tools -am package -DskipTests
exec java -Xmx1g "$@" -cp "tools/target/classes:tools/target/lib/*" io.meshage.tools.flood.HostileFlood
