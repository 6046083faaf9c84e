#!/usr/bin/env bash
# Runs SimScale (formation, one cut link and one crash of N simulated nodes; see tools/README.md)
# with the heap and collector settings its figures were measured with. The first argument is the
# number of nodes (default 1,000); further arguments go to the JVM, e.g. -Dsim.seed=2.
#   tools/sim-scale.sh 10000
# Heap: 1.6 GB per 1,000 nodes (at least 2 GB), 30% of it young: a 5,000-node formation then
# paused for 6 s in 28 collections, against 13 s in 100 with G1's own sizing. G1's concurrent
# refinement threads are off: on two cores they took a fifth of the CPU from the simulator's two
# threads (the remembered sets are brought up to date in the collection pauses instead).
# Transparent huge pages cut the TLB misses of its random reads over many gigabytes (used when
# the kernel allows madvise).
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-1000}
shift || true
case "$nodes" in
  ''|*[!0-9]*|0*) echo "sim-scale.sh: the number of nodes must be a positive integer, got '$nodes'" >&2; exit 2 ;;
esac
heap_mb=$(( nodes * 16 / 10 ))
heap_mb=$(( heap_mb < 2048 ? 2048 : heap_mb ))
young_mb=$(( heap_mb * 3 / 10 ))
mvn -B -q -pl tools -am package -DskipTests
exec java -Xmx${heap_mb}m -Xmn${young_mb}m -XX:G1ConcRefinementThreads=0 -XX:+UseTransparentHugePages \
  -Dsim.nodes="$nodes" "$@" -cp "tools/target/classes:tools/target/lib/*" io.meshage.tools.sim.SimScale
