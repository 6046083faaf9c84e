#!/bin/bash
# Issue 37's check with the JDK's jdeps: no dependency cycle among meshage-core's internal
# packages, and nothing inside referring to the facade implementations. Builds meshage-core's
# classes if needed; copies them without module-info.class (module resolution would need every
# dependency on the module path) and prints what tools/jdeps_cycles.py finds.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
[ -d meshage-core/target/classes/io ] || mvn -B -q -pl meshage-core -am compile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r meshage-core/target/classes/io "$tmp/"
jdeps -verbose:package -filter:none "$tmp" > "$tmp/jdeps.txt"
python3 tools/jdeps_cycles.py "$tmp/jdeps.txt"
