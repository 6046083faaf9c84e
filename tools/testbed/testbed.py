#!/usr/bin/env python3
"""Run a meshage scenario on real `meshage node` processes, one per network namespace.

Root only. Creates namespaces mtb-hub (holding two bridges, mtb-br0 and mtb-br1) and mtb-nNN,
one per node, each joined to mtb-br0 by a veth pair; node NN gets 10.77.0.NN/24 inside its
namespace. Nothing else on the machine is touched; everything it made is removed on exit
(normal end, error, Ctrl-C or SIGTERM).

Scenario lines understood (the sim's DSL, see the README): topology discovery nodes=N [degree=D],
run, sample, seed (ignored: real runs are not replayable), and at T crash K|NODE..., restart
[NODE...], freeze/unfreeze NODE... (SIGSTOP/SIGCONT of the process), partition A ... [| B ...]
(two sets: the second set's ports move to bridge mtb-br1; more sets are refused), heal,
loss P / delay D / delay uniform MIN MAX (tc netem on every node's interface), flap A B
(link down/up of A's port). Traffic, drop, degree, snapshot and per-link delay lines are
reported as skipped.

Usage: sudo tools/testbed/testbed.py SCENARIO [--classpath CP] [--out DIR]
"""
import argparse, atexit, os, re, signal, subprocess, sys, threading, time

HUB = "mtb-hub"
NET = "10.77.0."


def sh(*cmd, check=True):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(" ".join(cmd) + ": " + r.stderr.strip())
    return r.stdout


def ns(name, *cmd, check=True):
    return sh("ip", "netns", "exec", name, *cmd, check=check)


def duration(v):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ns|us|ms|s|m)", v)
    if not m:
        raise ValueError("bad duration " + v)
    return float(m.group(1)) * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[m.group(2)]


def parse(path):
    nodes, degree, run, sample, events = None, 3, None, 0.2, []
    for no, raw in enumerate(open(path), 1):
        w = raw.split("#")[0].split()
        if not w:
            continue
        if w[0] == "topology":
            opts = dict(x.split("=", 1) for x in w[2:])
            if w[1] != "discovery":
                sys.exit(f"{path}: line {no}, topology: the testbed runs discovery topologies only")
            nodes, degree = int(opts["nodes"]), int(opts.get("degree", 3))
        elif w[0] == "run":
            run = duration(w[1])
        elif w[0] == "sample":
            sample = max(0.2, duration(w[1]))
        elif w[0] == "at":
            events.append((duration(w[1]), no, w[2:]))
    if nodes is None or not 2 <= nodes <= 99:
        sys.exit(f"{path}: needs 'topology discovery nodes=N' with N in [2, 99]")
    events.sort(key=lambda e: e[0])
    return nodes, degree, run if run is not None else (events[-1][0] if events else 0) + 30, sample, events


class Node:
    def __init__(self, i, name, cp, degree, log):
        self.i, self.name, self.ns = i, name, f"mtb-{name}"
        self.cp, self.degree, self.log = cp, degree, log
        self.proc, self.blocks, self.lines, self.lock = None, {}, [], threading.Lock()
        self.frozen = False

    def start(self):
        cmd = ["ip", "netns", "exec", self.ns, "java", "-Xmx96m", "-XX:+UseSerialGC",
               "-XX:TieredStopAtLevel=1", "-cp", self.cp, "io.meshage.cli.Main", "node",
               "--name", self.name, "--bind", NET + str(self.i), "--broadcast", NET + "255",
               "--degree", str(self.degree)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=open(self.log, "a"), text=True, bufsize=1)
        self.frozen = False
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()

    def _read(self, proc):
        block, key = None, None
        with open(self.log, "a") as log:
            for line in proc.stdout:
                log.write(line)
                s = line.strip()
                if s.startswith("@B "):
                    key, block = s[3:], []
                elif s.startswith("@E ") and block is not None:
                    with self.lock:
                        self.blocks[s[3:]] = block
                    block = None
                elif block is not None:
                    block.append(s)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def ask(self, key):
        try:
            self.proc.stdin.write(f"echo @B {key}\nmesh list\nmesh status\necho @E {key}\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def answer(self, key):
        with self.lock:
            return self.blocks.pop(key, None)

    def kill(self):
        if self.alive():
            if self.frozen:
                self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait(10)


class Testbed:
    def __init__(self, n, cp, out):
        self.names = [f"n{i:0{len(str(n))}d}" for i in range(1, n + 1)]
        self.nodes = {}
        self.out, self.cp = out, cp
        self.made = []

    def build(self):
        sh("ip", "netns", "add", HUB)
        self.made.append(HUB)
        ns(HUB, "ip", "link", "set", "lo", "up")
        for br in ("mtb-br0", "mtb-br1"):
            ns(HUB, "ip", "link", "add", br, "type", "bridge")
            ns(HUB, "ip", "link", "set", br, "up")
        for i, name in enumerate(self.names, 1):
            node = Node(i, name, self.cp, 0, os.path.join(self.out, name + ".log"))
            sh("ip", "netns", "add", node.ns)
            self.made.append(node.ns)
            sh("ip", "link", "add", f"mtbv{i}", "netns", node.ns, "type", "veth",
               "peer", "name", f"mtbh{i}", "netns", HUB)
            ns(node.ns, "ip", "link", "set", f"mtbv{i}", "name", "eth0")
            ns(node.ns, "ip", "addr", "add", f"{NET}{i}/24", "brd", NET + "255", "dev", "eth0")
            ns(node.ns, "ip", "link", "set", "eth0", "up")
            ns(node.ns, "ip", "link", "set", "lo", "up")
            ns(HUB, "ip", "link", "set", f"mtbh{i}", "master", "mtb-br0")
            ns(HUB, "ip", "link", "set", f"mtbh{i}", "up")
            self.nodes[name] = node

    def cleanup(self):
        for node in self.nodes.values():
            try:
                node.kill()
            except Exception:
                pass
        for name in reversed(self.made):
            sh("ip", "netns", "del", name, check=False)
        self.made.clear()


def views(bed, key, deadline):
    """Asks every live, unfrozen node for its view; returns {name: (view dict, counters)}."""
    asked = [n for n in bed.nodes.values() if n.alive() and not n.frozen]
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
                        elif ": " in l or l.endswith(":"):
                            k, _, v = l.partition(":")
                            if k in bed.nodes:
                                view[k] = tuple(sorted(v.split()))
                    got[n.name] = (view, counters)
        time.sleep(0.01)
    return asked, got


def main():
    if os.geteuid() != 0:
        sys.exit("testbed: run as root (it creates network namespaces)")
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--classpath", default=os.environ.get("MESHAGE_CP", "meshage-cli/target/meshage-cli.jar"))
    ap.add_argument("--out", default="testbed-out")
    a = ap.parse_args()
    n, degree, run, sample, events = parse(a.scenario)
    os.makedirs(a.out, exist_ok=True)
    bed = Testbed(n, a.classpath, a.out)
    atexit.register(bed.cleanup)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit(130))
    bed.build()
    for node in bed.nodes.values():
        node.degree = degree
    print(f"testbed: {n} nodes, degree {degree}, run {run:.3f}s, sample {sample:.3f}s")
    t0 = time.time()
    for node in bed.nodes.values():
        node.start()
    timeline = open(os.path.join(a.out, "timeline.csv"), "w")
    timeline.write("t_s,live,answered,views_agree,one_mesh,msa_sent,bytes_out\n")
    measures = [[0.0, "start (formation)", None, None, 0, 0, []]]
    pending = list(events)
    nxt, k = 0.0, 0
    while True:
        now = time.time() - t0
        while pending and pending[0][0] <= now:
            at, no, w = pending.pop(0)
            detail = act(bed, w, no)
            label = " ".join(w) + (f" ({detail})" if detail else "")
            print(f"t={at:.3f}s {label}  [applied at {now:.3f}s]", flush=True)
            measures.append([at, label, None, None, 0, 0, []])
        if now > run:
            break
        if now >= nxt:
            k += 1
            asked, got = views(bed, str(k), time.time() + sample)
            vs = [v for v, _ in got.values()]
            agree = len(got) == len(asked) and all(
                all(got[m][0] == v for m in v if m in got) and all(m in got for m in v) for v in vs)
            live = {x.name for x in bed.nodes.values() if x.alive()}
            one = agree and all(set(v) == live for v in vs)
            msa = sum(int(c.get("msa_sent", 0)) for _, c in got.values())
            byts = sum(int(c.get("bytes_out", 0)) for _, c in got.values())
            timeline.write(f"{now:.3f},{len(live)},{len(got)},{int(agree)},{int(one)},{msa},{byts}\n")
            per = {x: (int(c.get("msa_sent", 0)), int(c.get("bytes_out", 0))) for x, (_, c) in got.items()}
            for m in measures:
                m[6].append((now, agree, one, msa, byts, per))
            nxt = now + sample
        time.sleep(0.005)
    timeline.close()
    print("per event (wall time until the views agree / one mesh for good within the event's window;"
          " MSAs and bytes sent until they agree, by the nodes answering then):")
    for i, m in enumerate(measures):
        end = next((x[0] for x in measures[i + 1:] if x[0] > m[0]), run + 1)
        win = [s for s in m[6] if s[0] < end]
        out = []
        for col in (1, 2):
            bad = max([j for j, s in enumerate(win) if not s[col]], default=-1)
            out.append(None if bad + 1 >= len(win) else win[bad + 1])
        base = win[0] if win else None
        def fmt(s):
            return f"not within {end - m[0]:.3f}s" if s is None else f"+{s[0] - m[0]:.3f}s"
        extra = ""
        if out[0] is not None and base is not None:
            # per node that answered at agreement; a node not answering at the event, or
            # restarted since (counts lower), counts from zero; a crashed node's counts leave
            after, before = out[0][5], base[5]
            def since(x, col):
                b = before.get(x, (0, 0))
                return after[x][col] - (b[col] if after[x][0] >= b[0] else 0)
            msas = sum(since(x, 0) for x in after)
            byts = sum(since(x, 1) for x in after)
            extra = f", {msas} MSAs, {byts} bytes"
        print(f"  t={m[0]:.3f}s {m[1]}: agree {fmt(out[0])}, one mesh {fmt(out[1])}{extra}")
    print(f"wrote {a.out}: timeline.csv and one log per node")


def act(bed, w, no):
    verb, args = w[0], w[1:]
    nodes = bed.nodes
    if verb == "crash":
        who = args
        if len(args) == 1 and args[0].isdigit():
            live = [x for x in bed.names if nodes[x].alive()]
            import random
            who = sorted(random.Random(no).sample(live, min(int(args[0]), len(live))))
        for x in who:
            nodes[x].kill()
        return " ".join(who)
    if verb == "restart":
        who = args or [x for x in bed.names if not nodes[x].alive()]
        for x in who:
            nodes[x].kill()
            nodes[x].start()
        return " ".join(who)
    if verb in ("freeze", "unfreeze"):
        for x in args:
            if nodes[x].alive():
                nodes[x].proc.send_signal(signal.SIGSTOP if verb == "freeze" else signal.SIGCONT)
                nodes[x].frozen = verb == "freeze"
        return ""
    if verb == "partition":
        sets = " ".join(args).split("|")
        if len(sets) > 2:
            return "SKIPPED: the testbed splits into two sets only"
        for x in sets[0].split():
            ns(HUB, "ip", "link", "set", f"mtbh{nodes[x].i}", "master", "mtb-br1")
        return ""
    if verb == "heal":
        for x in nodes.values():
            ns(HUB, "ip", "link", "set", f"mtbh{x.i}", "master", "mtb-br0")
        return ""
    if verb in ("loss", "delay") and (verb == "loss" or len(args) in (1, 3) and (len(args) == 1 or args[0] == "uniform")):
        return netem(bed, verb, args)
    if verb == "flap":
        a = nodes[args[0]]
        opts = dict(x.split("=", 1) for x in args[2:])
        times, every = int(opts.get("times", 1)), duration(opts.get("every", "1s"))
        def flap():
            for _ in range(times):
                ns(HUB, "ip", "link", "set", f"mtbh{a.i}", "down")
                time.sleep(every / 2)
                ns(HUB, "ip", "link", "set", f"mtbh{a.i}", "up")
                time.sleep(every / 2)
        threading.Thread(target=flap, daemon=True).start()
        return f"all of {args[0]}'s links: its port goes down and up"
    return "SKIPPED: not supported on the testbed"


NETEM = {"loss": None, "delay": None}


def netem(bed, verb, args):
    if verb == "loss":
        p = args[0] if args[0].endswith("%") else f"{float(args[0]) * 100}%"
        NETEM["loss"] = ["loss", p]
    elif len(args) == 1:
        NETEM["delay"] = ["delay", args[0]]
    else:
        lo, hi = duration(args[1]), duration(args[2])
        NETEM["delay"] = ["delay", f"{(lo + hi) / 2 * 1000:.3f}ms", f"{(hi - lo) / 2 * 1000:.3f}ms"]
    spec = (NETEM["delay"] or []) + (NETEM["loss"] or [])
    for x in bed.nodes.values():
        ns(x.ns, "tc", "qdisc", "replace", "dev", "eth0", "root", "netem", *spec)
    return "netem " + " ".join(spec)


if __name__ == "__main__":
    main()
