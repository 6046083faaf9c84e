#!/usr/bin/env bash
# Start time of `meshage node`: milliseconds from launching LAUNCHER (./meshage, or an unpacked
# archive's bin/meshage) to its `listening` line, and the CPU the process had used by then. Runs
# RUNS starts one after another, then RUNS more PARALLEL at a time; loopback only (broadcast
# 127.255.255.255, discovery on a fixed UDP port, TCP ephemeral); each node ends when its stdin
# closes. On a busy machine run it as root under `chrt -f 20` to stand for an idle one.
#   tools/start-time.sh [LAUNCHER] [RUNS] [PARALLEL]      e.g. tools/start-time.sh ./meshage 5 10
set -euo pipefail
launcher=${1:-./meshage}
runs=${2:-5}
parallel=${3:-10}
port=${START_TIME_DISCOVERY_PORT:-9317}
tick=$(getconf CLK_TCK)

# one start: prints "wall MS cpu MS"
one() {
  local t0 t1 pid line cpu
  t0=$(date +%s%N)
  coproc NODE { exec "$launcher" node --name "st$1-$$" --broadcast 127.255.255.255 --discovery-port "$port" 2>/dev/null; }
  pid=$NODE_PID
  while IFS= read -r -t 60 line <&"${NODE[0]}"; do
    case $line in *" listening "*) break ;; esac
  done
  t1=$(date +%s%N)
  # utime and stime: fields 14 and 15 of /proc/PID/stat (the launchers exec java: same process)
  cpu=$(awk -v t="$tick" '{sub(/.*\) /, ""); print int(($12 + $13) * 1000 / t)}' "/proc/$pid/stat" 2>/dev/null || echo "?")
  exec {NODE[1]}>&-
  wait "$pid" 2>/dev/null || true
  echo "wall $(( (t1 - t0) / 1000000 )) cpu $cpu"
}

echo "one at a time ($launcher):"
for i in $(seq "$runs"); do one "$i"; done
echo "$parallel at once:"
for i in $(seq "$parallel"); do one "p$i" & done
wait
