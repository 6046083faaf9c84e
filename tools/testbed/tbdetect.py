"""Failure detection on the testbed, from the nodes' logs: every `meshage node` logs its membership
events with a wall-clock time (`HH:MM:SS.mmm INFO MembershipLog [n04] LINK_DOWN n05 ... (reason)`);
against the moments the driver froze a node (SIGSTOP) or cut a pair (nftables), that gives how
long the frozen node's neighbours and the cut pair's ends took to drop the link, and the false
drops: links dropped for silence while neither end was frozen, cut, partitioned or crashed (nor
within EXPLAINS seconds after)."""
import os, re, time

EXPLAINS = 3.5  # a silence drop this long after a fault ended is still the fault's (the keepalive timeout and a margin)
LINE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) .*\[(\S+)\] LINK_DOWN (\S+).*?\((.*)\)\s*$")
SILENCE = ("silent", "keepalive")


def day_seconds(t):
    """Seconds since local midnight of the wall-clock time t (as the nodes' logs write it)."""
    lt = time.localtime(t)
    return lt.tm_hour * 3600 + lt.tm_min * 60 + lt.tm_sec + (t % 1)


def link_downs(out, names):
    """(seconds of day, node, peer, reason) of every LINK_DOWN in the nodes' logs."""
    downs = []
    for name in names:
        path = os.path.join(out, name + ".log")
        if not os.path.exists(path):
            continue
        for raw in open(path, errors="replace"):
            m = LINE.match(raw.strip())
            if m:
                h, mi, s, ms, node, peer, reason = m.groups()
                downs.append((int(h) * 3600 + int(mi) * 60 + int(s) + int(ms) / 1000, node, peer, reason))
    downs.sort()
    return downs


def spans(applied):
    """Fault spans from the applied events [(wall time, verb, args)]: (kind, a, b, from, to) in seconds of day."""
    out, open_ = [], {}
    end = {"unfreeze": "freeze", "mend": "cut", "restart": "crash"}
    for t, verb, args in applied:
        d = day_seconds(t)
        if verb in ("freeze", "crash"):
            for x in args:
                open_[(verb, x, None)] = d
        elif verb == "cut":
            open_[("cut",) + tuple(sorted(args[:2]))] = d
        elif verb in ("unfreeze", "restart"):
            for x in args:
                k = (end[verb], x, None)
                if k in open_:
                    out.append((end[verb], x, None, open_.pop(k), d))
        elif verb == "mend":
            k = ("cut",) + tuple(sorted(args[:2]))
            if k in open_:
                out.append(("cut", k[1], k[2], open_.pop(k), d))
        elif verb in ("partition", "heal", "flap", "loss", "drop"):
            out.append(("other", None, None, d, d + 3600))  # anything goes from here on: not counted as false
    for k, d in open_.items():
        out.append((k[0], k[1], k[2], d, d + 3600))
    out.sort(key=lambda s: s[3])
    return out


def figures(xs):
    if not xs:
        return "none"
    s = sorted(xs)
    return (f"median {s[len(s) // 2] * 1000:.0f} ms, range {s[0] * 1000:.0f}-{s[-1] * 1000:.0f} ms, "
            f"p90 {s[min(len(s) - 1, len(s) * 9 // 10)] * 1000:.0f} ms ({len(s)} drops)")


def report(out, names, applied):
    """The detection lines for the run's summary (and detection.csv in out)."""
    downs = link_downs(out, names)
    faults = spans(applied)
    stop, cut, rows = [], [], []
    for kind, a, b, t0, t1 in faults:
        if kind == "freeze":
            seen = {}
            for t, node, peer, reason in downs:
                if peer == a and node != a and t0 < t <= t1 and node not in seen:
                    seen[node] = t - t0
            stop += seen.values()
            rows += [("freeze", a, n, f"{v:.3f}") for n, v in seen.items()]
            if not seen:
                rows.append(("freeze", a, "", "not seen"))
        elif kind == "cut":
            first = next((t - t0 for t, node, peer, _ in downs
                          if t0 < t <= t1 and {node, peer} == {a, b}), None)
            if first is not None:
                cut.append(first)
            rows.append(("cut", a, b, "not seen" if first is None else f"{first:.3f}"))
    false = []
    for t, node, peer, reason in downs:
        if not any(w in reason for w in SILENCE):
            continue
        explained = False
        for kind, a, b, t0, t1 in faults:
            involved = {a, b} == {node, peer} if kind == "cut" else kind == "other" or a in (node, peer)
            if t0 <= t <= t1 + EXPLAINS and involved:
                explained = True
        if not explained:
            false.append(f"{node} dropped {peer} ({reason})")
    with open(os.path.join(out, "detection.csv"), "w") as f:
        f.write("fault,node,observer_or_other_end,seconds\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    lines = ["failure detection (from the nodes' LINK_DOWN log lines):",
             f"  SIGSTOPped node dropped by each neighbour after {figures(stop)}",
             f"  cut link dropped by its first end after {figures(cut)}",
             f"  false drops (silence while both ends ran, uncut): {len(false)}"]
    lines += [f"  e.g. {x}" for x in false[:5]]
    return "\n".join(lines)
