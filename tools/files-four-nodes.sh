#!/usr/bin/env bash
# Issue 38's done-when check, by hand: four `meshage node` processes on loopback (broadcast
# 127.255.255.255, a fixed discovery port, TCP ephemeral); n1 serves a random file of MIB MiB
# (default 256); n2, n3 and n4 run `file get` at once; n1 is killed (SIGKILL) after KILL_AFTER
# seconds, or with KILL_AFTER = P% as soon as n2 reports at least P% done (its progress lines
# come once per tenth, sampled every 200 ms); default: never. Prints each node's last lines, the
# SHA-256 of every copy, and whether the three copies are whole and identical.
#   tools/files-four-nodes.sh [MIB] [KILL_AFTER]      e.g. tools/files-four-nodes.sh 256 1.5
#   tools/files-four-nodes.sh 256 50%                 kill n1 when n2 is half done
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-256}
kill_after=${2:-}
port=${FILES_DISCOVERY_PORT:-9338}
dir=$(mktemp -d -t meshage-files-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$dir"' EXIT
mkdir -p "$dir/n1"
head -c $((mib << 20)) /dev/urandom > "$dir/n1/big.bin"
src=$(sha256sum "$dir/n1/big.bin" | cut -c1-64)
echo "source: $src"
for n in n1 n2 n3 n4; do
  mkfifo "$dir/$n.in"
  ./meshage node --name "$n" --files "$dir/$n" --broadcast 127.255.255.255 --discovery-port "$port" \
    --namespace "files$$" <"$dir/$n.in" >"$dir/$n.out" 2>"$dir/$n.err" &
  eval "pid_$n=$!"
  exec {fd}>"$dir/$n.in"
  eval "in_$n=$fd"
done
for n in n1 n2 n3 n4; do
  until grep -q " listening " "$dir/$n.out" 2>/dev/null; do sleep 0.2; done
done
eval "echo 'mesh wait 4 30' >&\$in_n2"
until grep -q "mesh size 4" "$dir/n2.out" 2>/dev/null; do sleep 0.2; done
t0=$(date +%s.%N)
for n in n2 n3 n4; do eval "echo 'file get big.bin' >&\$in_$n"; done
# The highest percentage node $1 has printed so far (0 before its first progress line).
progress() {
  local p
  p=$({ grep -oE 'big.bin \[[#.]*\] [0-9]+%' "$dir/$1.out" 2>/dev/null || true; } | grep -oE '[0-9]+%$' | tr -d % | sort -n | tail -1)
  echo "${p:-0}"
}
if [[ "$kill_after" == *% ]]; then
  want=${kill_after%\%}
  until [ "$(progress n2)" -ge "$want" ] || grep -qE "fetched big.bin|error:" "$dir/n2.out" 2>/dev/null; do sleep 0.02; done
  kill -9 "$pid_n1"
  echo "killed n1 after $(echo "$(date +%s.%N) - $t0" | bc) s with n2 at $(progress n2)%, n3 at $(progress n3)%, n4 at $(progress n4)% (last lines printed)"
elif [ -n "$kill_after" ]; then
  sleep "$kill_after"
  kill -9 "$pid_n1"
  echo "killed n1 after $kill_after s"
fi
for n in n2 n3 n4; do
  until grep -qE "fetched big.bin|error:" "$dir/$n.out" 2>/dev/null; do sleep 0.2; done
done
t1=$(date +%s.%N)
echo "all three ended after $(echo "$t1 - $t0" | bc) s"
for n in n2 n3 n4; do
  eval "echo 'file status' >&\$in_$n"
done
sleep 1
sums=()
for n in n2 n3 n4; do
  echo "== $n"; grep -E "fetched|error|big.bin \[" "$dir/$n.out" | tail -3
  if [ -f "$dir/$n/big.bin" ]; then
    sum=$(sha256sum "$dir/$n/big.bin" | cut -c1-64)
    echo "$n: $sum"
    sums+=("$sum")
  fi
done
if [ "${#sums[@]}" -eq 3 ] && [ "$(printf '%s\n' "${sums[@]}" "$src" | sort -u | wc -l)" -eq 1 ]; then
  echo "result: all three finished, SHA-256 identical to the source's"
else
  echo "result: ${#sums[@]} of three finished"
fi
