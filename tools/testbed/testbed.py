#!/usr/bin/env python3
"""Play a `meshage sim` scenario on real `meshage node` processes, one per network namespace.

Root only. `meshage sim SCENARIO --plan` checks the file (the same one-line errors as the
simulator) and resolves the topology: discovery nodes, or fixed links (chain, ring, grid, star,
random, dot, graphml, gml) which each node dials persistently (`--dial`, discovery off). The
namespaces: mtb-hub with bridge mtb-br0, and mtb-I per node, joined by a veth pair; node I gets
10.77.0.I/24. Nothing else on the machine is touched; everything it made is removed on exit.

Events: crash, restart, freeze/unfreeze (SIGSTOP/SIGCONT), partition into any number of sets
and cut/mend (nftables drop rules per namespace), heal, loss and drop (nftables `numgen random`
drops; TCP retransmits them, so drop acts as loss here), delay (tc netem when the kernel has
it; else "not available"), flap (the pair blocked and its TCP connections closed with `ss -K`,
unblocked half way), degree (`mesh degree`), traffic (`mesh send TARGETS echo mID`), snapshot.

Usage: sudo tools/testbed/testbed.py SCENARIO [--classpath CP] [--out DIR] [--seed S]
"""
import argparse, atexit, os, random, signal, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tbnet import Network, PORT, ns  # noqa: E402
from tbtraffic import Traffic  # noqa: E402
import tbdetect  # noqa: E402

MIN_SAMPLE = 0.2


def duration(v):
    units = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}
    for u in ("ns", "us", "ms", "s", "m"):
        if v.endswith(u) and v[: -len(u)].replace(".", "", 1).isdigit():
            return float(v[: -len(u)]) * units[u]
    raise ValueError("bad duration " + v)


def plan(scenario, cp, seed):
    cmd = ["java", "-cp", cp, "io.meshage.cli.Main", "sim", scenario, "--plan"] + (["--seed", str(seed)] if seed is not None else [])
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(r.stderr.strip() or f"testbed: {' '.join(cmd)} failed ({r.returncode})")
    p = {"names": [], "links": [], "degree": None, "note": ""}
    for line in r.stdout.splitlines():
        w = line.split()
        if w[0] in ("run", "sample"):
            p[w[0]] = int(w[1]) / 1e9
        elif w[0] == "discovery":
            p["degree"] = int(w[1])
        elif w[0] == "node":
            p["names"].append(w[1])
        elif w[0] == "link":
            p["links"].append((w[1], w[2], int(w[3])))
        elif w[0] == "note":
            p["note"] = line[5:]
    return p


def events(path):
    out = []
    for no, raw in enumerate(open(path), 1):
        w = raw.split("#")[0].split()
        if w and w[0] == "at":
            out.append((duration(w[1]), no, w[2:]))
    out.sort(key=lambda e: e[0])
    return out


class Run:
    def __init__(self, a, p):
        self.p, self.a = p, a
        self.net = Network(p["names"], a.out, a.jvm_args.split(), a.nice)
        self.random = random.Random(a.seed if a.seed is not None else 1)
        self.traffic = Traffic(self.net, self.random.random())
        self.said = set()
        self.samples = []   # (t, live, answered, agree, one, links(set), per-node counters)
        self.applied = []   # (wall time, verb, args) of every event as applied
        self.t0 = None

    def once(self, what, text):
        if what not in self.said:
            self.said.add(what)
            print(text, flush=True)

    def args_of(self, name):
        extra = self.a.node_args.split()
        if self.p["degree"] is not None:
            return ["--discovery-port", "9000", "--broadcast", "10.77.0.255", "--degree", str(self.p["degree"])] + extra
        ips = {n: f"10.77.0.{i}" for i, n in enumerate(self.p["names"], 1)}
        dials = [f"{ips[b]}:{PORT}" for a, b, _ in self.p["links"] if a == name]
        return (["--discovery-port", "0", "--port", str(PORT), "--degree", "3"]
                + (["--dial", ",".join(dials)] if dials else []) + extra)

    # ------------------------------------------------------------ events

    def act(self, w, no):
        verb, args = w[0], w[1:]
        net, nodes = self.net, self.net.nodes
        if verb == "crash":
            who = args
            if len(args) == 1 and args[0].isdigit():
                live = [x for x in net.names if nodes[x].alive()]
                who = sorted(self.random.sample(live, min(int(args[0]), len(live))))
            for x in who:
                nodes[x].kill()
            return " ".join(who)
        if verb == "restart":
            who = args or [x for x in net.names if not nodes[x].alive()]
            for x in who:
                nodes[x].kill()
                nodes[x].start(self.a.classpath)
            return " ".join(who)
        if verb in ("freeze", "unfreeze"):
            for x in args:
                nodes[x].signal(signal.SIGSTOP if verb == "freeze" else signal.SIGCONT)
            return ""
        if verb == "partition":
            sets = [s.split() for s in " ".join(args).split("|")]
            rest = [x for x in net.names if not any(x in s for s in sets)]
            if rest:
                sets.append(rest)
            side = {x: k for k, s in enumerate(sets) for x in s}
            net.partition_pairs = {frozenset((a, b)) for a in net.names for b in net.names
                                   if a < b and side[a] != side[b]}
            net.apply_filters()
            return f"{len(sets)} sets, nftables"
        if verb == "heal":
            net.partition_pairs, net.cut_pairs = set(), set()
            net.apply_filters()
            return ""
        if verb in ("cut", "mend"):
            pair = frozenset(args)
            (net.cut_pairs.add if verb == "cut" else net.cut_pairs.discard)(pair)
            net.apply_filters(only=pair)  # the two ends only: the cut starts within a few ms
            return ""
        if verb in ("loss", "drop"):
            v = args[0]
            setattr(net, verb, float(v[:-1]) / 100 if v.endswith("%") else float(v))
            net.apply_filters()
            if verb == "drop":
                self.once("drop", "testbed: drop uses nftables numgen drops as loss does: TCP retransmits the"
                          " packets, so frames come late rather than never (the simulator loses them for good)")
            return "nftables numgen drop"
        if verb == "delay":
            if net.netem is not None:
                self.once("netem", f"testbed: delay is not available here ({net.netem})")
                return "NOT AVAILABLE: no netem"
            if len(args) == 3 and args[0] != "uniform":
                return "NOT AVAILABLE: per-link delays (one interface carries all of a node's links)"
            if len(args) == 1:
                net.set_delay(["delay", args[0]])
            else:
                lo, hi = duration(args[1]), duration(args[2])
                net.set_delay(["delay", f"{(lo + hi) / 2 * 1000:.3f}ms", f"{(hi - lo) / 2 * 1000:.3f}ms"])
            return "netem"
        if verb == "flap":
            a, b = args[0], args[1]
            opts = dict(x.split("=", 1) for x in args[2:])
            times, every = int(opts.get("times", 1)), duration(opts.get("every", "1s"))
            pair = frozenset((a, b))

            def flap():
                for _ in range(times):
                    net.cut_pairs.add(pair)
                    net.apply_filters()
                    net.close_links(a, b)
                    time.sleep(every / 2)
                    net.cut_pairs.discard(pair)
                    net.apply_filters()
                    time.sleep(every / 2)
            threading.Thread(target=flap, daemon=True).start()
            return "blocked and closed (ss -K), unblocked half way"
        if verb == "degree":
            who = args[1:] or [x for x in net.names if nodes[x].alive()]
            for x in who:
                nodes[x].tell(f"mesh degree {args[0]}")
            return ""
        if verb == "traffic":
            opts = dict(x.split("=", 1) for x in args[1:])
            rate = float(opts["rate"][:-2] if opts["rate"].endswith("/s") else opts["rate"])
            self.traffic.start(args[0], rate, duration(opts["for"]), int(opts.get("to", 1)), self.t0)
            return ""
        if verb == "snapshot":
            return "SKIPPED: no snapshot on the testbed (see timeline.csv)"
        return "SKIPPED"

    # ------------------------------------------------------------ samples

    def sample(self, now, deadline):
        net = self.net
        asked = [n for n in net.nodes.values() if n.alive() and not n.frozen]
        key = str(len(self.samples))
        for n in asked:
            n.ask(key)
        got = {}
        while time.time() < deadline and len(got) < len(asked):
            for n in asked:
                if n.name not in got:
                    b = n.answer(key)
                    if b is not None:
                        view, counters = {}, {}
                        for l in b:
                            if l.startswith("counters:"):
                                counters = dict(x.split("=") for x in l.split()[1:])
                            else:
                                k, _, v = l.partition(":")
                                if k in net.nodes:
                                    view[k] = tuple(sorted(x for x in v.split() if x in net.nodes))
                        got[n.name] = (view, counters)
            time.sleep(0.005)
        live = {x.name for x in net.nodes.values() if x.alive()}
        vs = [v for v, _ in got.values()]
        agree = len(got) == len(asked) and all(
            all(m in got and got[m][0] == v for m in v) for v in vs)
        one = agree and all(set(v) == live for v in vs)
        links = set()
        for x, (v, _) in got.items():
            for y in v.get(x, ()):
                if y in live and y != x:
                    links.add(frozenset((x, y)))
        per = {x: (int(c.get("msa_sent", 0)), int(c.get("bytes_out", 0))) for x, (_, c) in got.items()}
        self.samples.append((now, len(live), len(got), agree, one, links, per))

    # ------------------------------------------------------------ main loop

    def play(self):
        p, a = self.p, self.a
        net = self.net
        net.build(self.args_of)
        sample = max(MIN_SAMPLE, p["sample"])
        kind = f"degree {p['degree']}" if p["degree"] is not None else f"fixed, {len(p['links'])} links dialed with --dial"
        print(f"testbed: {len(p['names'])} nodes, {kind}, run {p['run']:.3f}s, sample {sample:.3f}s (wall time)")
        if p["note"]:
            print("topology " + p["note"])
        if net.netem is not None:
            print(f"testbed: netem is missing ({net.netem}); loss and drop use nftables numgen drop rules,"
                  " delays are not available")
        if any(d for _, _, d in p["links"]):
            print("testbed: the topology's link delays are "
                  + ("not available (no netem)" if net.netem else "not applied (netem here, but per-link delays are not done)"))
        net.apply_filters()
        started = time.time()
        for node in net.nodes.values():
            node.start(a.classpath)
        # the simulator's nodes start at once: the scenario's clock starts when every shell answers
        self.t0 = started
        while time.time() - started < 180:
            self.sample(time.time() - started, time.time() + 1.0)
            if self.samples[-1][2] == len(p["names"]):
                break
        self.samples.clear()
        self.t0 = time.time()
        print(f"testbed: every node answered {self.t0 - started:.1f}s after the processes started (JVM start-up);"
              " the scenario's clock starts now", flush=True)
        pending = events(a.scenario)
        moments = [(0.0, "start (formation)", 0)]
        nxt = 0.0
        while True:
            now = time.time() - self.t0
            while pending and pending[0][0] <= now:
                at, no, w = pending.pop(0)
                base = len(self.samples) - 1
                before = time.time()
                detail = self.act(w, no)
                # a cut starts when the first end's rules are in: between before and now (counted from before)
                self.applied.append((before if w[0] == "cut" else time.time(), w[0],
                                     detail.split() if w[0] in ("crash", "restart") else w[1:]))
                label = " ".join(w) + (f" ({detail})" if detail else "")
                print(f"t={at:.3f}s {label}  [applied at {now:.3f}s]", flush=True)
                moments.append((at, label, max(0, base)))
            if now > p["run"]:
                break
            if now >= nxt:
                busy = self.traffic.pending
                self.sample(now, time.time() + (sample + 1.2 if busy else sample))
                self.traffic.collect(self.t0)
                nxt = now + sample
            time.sleep(0.005)
        self.traffic.stopped = True
        time.sleep(2.5)
        self.traffic.collect(self.t0, final=True)
        self.report(moments)

    def report(self, moments):
        s = self.samples
        out = self.a.out
        with open(os.path.join(out, "timeline.csv"), "w") as f:
            f.write("t_s,live,answered,views_agree,one_mesh,links,links_lost,links_made,msa_sent,bytes_out\n")
            prev = set()
            for t, live, ans, agree, one, links, per in s:
                f.write(f"{t:.3f},{live},{ans},{int(agree)},{int(one)},{len(links)},{len(prev - links)},"
                        f"{len(links - prev)},{sum(v[0] for v in per.values())},{sum(v[1] for v in per.values())}\n")
                prev = links
        print("per event (wall time; the simulator's definitions on the samples: true links lost/made, until the"
              " views agree and no link changes any more, and until moreover one mesh; MSAs and bytes until agree):")
        with open(os.path.join(out, "events.csv"), "w") as f:
            f.write("t_s,event,links_lost,links_made,agree_after_s,one_mesh_after_s,msa_sent,bytes_out\n")
            for i, (at, label, base) in enumerate(moments):
                later = [m for m in moments[i + 1:] if m[0] > at]
                last = later[0][2] if later else len(s) - 1
                end = later[0][0] if later else self.p["run"]
                fig = figure(s, base, max(base, last), at)
                lost, made, agree, one, msa, byts = fig
                never = f"not within {end - at:.3f}s"
                print(f"  t={at:.3f}s {label}: links -{lost} +{made}; agree {never if agree is None else f'+{agree:.3f}s'},"
                      f" one mesh {never if one is None else f'+{one:.3f}s'}; {msa} MSAs, {byts} bytes"
                      + (" in the window" if agree is None else ""))
                f.write(f"{at:.3f},\"{label}\",{lost},{made},{'' if agree is None else f'{agree:.3f}'},"
                        f"{'' if one is None else f'{one:.3f}'},{msa},{byts}\n")
        with open(os.path.join(out, "verdicts.csv"), "w") as f:
            f.write("sent_s,id,kind,recipient,verdict,latency_ms\n")
            for v in self.traffic.verdicts:
                f.write(f"{v[0]:.3f},{v[1]},{v[2]},{v[3]},{v[4]},{v[5] * 1000:.1f}\n")
        print(self.traffic.summary())
        print(tbdetect.report(out, self.p["names"], self.applied))
        print(f"wrote {out}: timeline.csv, events.csv, verdicts.csv, detection.csv and one log per node")


def figure(s, base, last, at):
    """The simulator's per-event figures over samples base..last (base: the last one before the event)."""
    lost = made = 0
    last_change, last_bad, last_not_one = 0, -1, -1
    w = s[base:last + 1]
    for k, row in enumerate(w):
        if k > 0:
            gone, new = len(w[k - 1][5] - row[5]), len(row[5] - w[k - 1][5])
            lost, made = lost + gone, made + new
            if gone + new:
                last_change = k
        if not row[3]:
            last_bad = k
        if not row[4]:
            last_not_one = k
    ai = max(last_change, last_bad + 1)
    oi = max(ai, last_not_one + 1)
    agree = None if ai >= len(w) else max(0.0, w[ai][0] - at) if ai > 0 else 0.0
    one = None if oi >= len(w) else max(0.0, w[oi][0] - at) if oi > 0 else 0.0
    until = w[min(ai, len(w) - 1)]
    before, after = w[0][6], until[6]

    def since(x, col):
        b = before.get(x, (0, 0))
        return after[x][col] - (b[col] if after[x][0] >= b[0] else 0)
    return lost, made, agree, one, sum(since(x, 0) for x in after), sum(since(x, 1) for x in after)


def main():
    if os.geteuid() != 0:
        sys.exit("testbed: run as root (it creates network namespaces)")
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--classpath", default=os.environ.get("MESHAGE_CP", "meshage-cli/target/meshage-cli.jar"))
    ap.add_argument("--out", default="testbed-out")
    ap.add_argument("--seed", type=int, default=None, help="random crashes and traffic (default: the file's, else 1)")
    ap.add_argument("--jvm-args", default="", help="more JVM options for every node, e.g. "
                    "-Dorg.apache.logging.log4j.simplelog.io.meshage.internal.link.Keepalive.level=DEBUG")
    ap.add_argument("--nice", type=int, default=0, help="run the nodes at this niceness (e.g. -10: ahead of"
                    " other work on a shared machine, as on hosts of their own)")
    ap.add_argument("--node-args", default="", help="more arguments for every `meshage node`, e.g. '--adaptive-detection 0'")
    a = ap.parse_args()
    if subprocess.run(["which", "nft"], stdout=subprocess.DEVNULL).returncode != 0:
        sys.exit("testbed: needs nftables (apt-get install nftables)")
    p = plan(a.scenario, a.classpath, a.seed)
    os.makedirs(a.out, exist_ok=True)
    run = Run(a, p)
    atexit.register(run.net.cleanup)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit(130))
    run.play()


if __name__ == "__main__":
    main()
