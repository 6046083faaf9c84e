#!/usr/bin/env bash
# Files over the mesh (issue 38): one 1 GiB file one hop on TCP loopback against a plain Java
# socket copy of the same bytes, the heap during it, MSA latency during it, and 8 receivers of one
# source against one receiver. Loopback only. Extra arguments are JVM options, for example
#   tools/files-rig.sh -Drig.files.mib=256 -Drig.files.receivers=4
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl tools -am package -DskipTests
exec java -Xmx512m "$@" -cp "tools/target/classes:tools/target/lib/*" io.meshage.tools.files.FileTransferRig
