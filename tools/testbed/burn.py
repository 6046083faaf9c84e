#!/usr/bin/env python3
"""A bounded CPU load for the detection runs: N processes that spin for S seconds, then exit.

Usage: tools/testbed/burn.py N SECONDS   (N at most 16, SECONDS at most 1200). Prints the load
averages when it starts and when it ends. Touches nothing but the CPU."""
import multiprocessing, os, sys, time


def spin(until):
    x = 0
    while time.time() < until:
        for _ in range(100000):
            x += 1


def main():
    n, seconds = int(sys.argv[1]), float(sys.argv[2])
    if not (1 <= n <= 16 and 0 < seconds <= 1200):
        sys.exit("burn.py N SECONDS: N in 1..16, SECONDS in (0, 1200]")
    until = time.time() + seconds
    print(f"burn: {n} spinning processes for {seconds:.0f} s; load {os.getloadavg()}", flush=True)
    procs = [multiprocessing.Process(target=spin, args=(until,), daemon=True) for _ in range(n)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(seconds + 5)
    print(f"burn: done; load {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
