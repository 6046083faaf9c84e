"""The testbed's network and processes: namespaces on one bridge, one `meshage node` per
namespace, and the faults: nftables rules per namespace (blocked peers for partitions and cuts,
`numgen random` drops for loss), `ss -K` to close a link at once, tc netem where the kernel
has it, SIGSTOP/SIGCONT for freezes."""
import os, signal, subprocess, threading

HUB = "mtb-hub"
NET = "10.77.0."
PORT = 7000


def sh(*cmd, check=True, stdin=None):
    r = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(" ".join(cmd) + ": " + r.stderr.strip())
    return r


def ns(name, *cmd, check=True, stdin=None):
    return sh("ip", "netns", "exec", name, *cmd, check=check, stdin=stdin)


class Node:
    """One `meshage node` process in namespace mtb-NAME, address 10.77.0.I."""

    def __init__(self, i, name, args, log, jvm=()):
        self.i, self.name, self.ns, self.ip = i, name, f"mtb-{i}", NET + str(i)
        self.args, self.log, self.jvm = args, log, list(jvm)
        self.nice = 0
        self.proc, self.frozen, self.lock = None, False, threading.Lock()
        self.blocks, self.sends = {}, {}

    def start(self, cp):
        cmd = (["nice", "-n", str(self.nice)] if self.nice else []) + ["ip", "netns", "exec", self.ns, "java", "-Xmx96m", "-XX:+UseSerialGC",
               "-XX:TieredStopAtLevel=1"] + self.jvm + ["-cp", cp, "io.meshage.cli.Main", "node",
               "--name", self.name, "--bind", self.ip] + self.args
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=open(self.log, "a"), text=True, bufsize=1)
        self.frozen = False
        self.tell("mesh timeout 1s")
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()

    def _read(self, proc):
        """Collects the lines between '@B key' and '@E key' (samples) and '@S id' and '@F id' (sends)."""
        block, key, into = None, None, None
        with open(self.log, "a") as log:
            for line in proc.stdout:
                log.write(line)
                s = line.strip()
                if s.startswith("@B ") or s.startswith("@S "):
                    key, block, into = s[3:], [], self.blocks if s[1] == "B" else self.sends
                elif (s.startswith("@E ") or s.startswith("@F ")) and block is not None:
                    with self.lock:
                        into[s[3:]] = block
                    block = None
                elif block is not None:
                    block.append(s)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def tell(self, *lines):
        try:
            self.proc.stdin.write("".join(l + "\n" for l in lines))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, AttributeError):
            pass

    def ask(self, key):
        self.tell(f"echo @B {key}", "mesh list", "mesh status", f"echo @E {key}")

    def answer(self, key):
        with self.lock:
            return self.blocks.pop(key, None)

    def sent(self, sid):
        with self.lock:
            return self.sends.pop(sid, None)

    def signal(self, sig):
        if self.alive():
            self.proc.send_signal(sig)
            self.frozen = sig == signal.SIGSTOP

    def kill(self):
        if self.alive():
            if self.frozen:
                self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait(10)


class Network:
    """The namespaces, and the fault state applied to them."""

    def __init__(self, names, out, jvm=(), nice=0):
        self.names, self.jvm, self.nice = names, jvm, nice
        self.out = out
        self.nodes = {}
        self.made = []
        self.partition_pairs, self.cut_pairs = set(), set()
        self.loss, self.drop = 0.0, 0.0
        self.netem = None

    def build(self, args_of):
        sh("ip", "netns", "add", HUB)
        self.made.append(HUB)
        ns(HUB, "ip", "link", "set", "lo", "up")
        ns(HUB, "ip", "link", "add", "mtb-br0", "type", "bridge")
        ns(HUB, "ip", "link", "set", "mtb-br0", "up")
        for i, name in enumerate(self.names, 1):
            node = Node(i, name, args_of(name), os.path.join(self.out, name + ".log"), self.jvm)
            node.nice = self.nice
            sh("ip", "netns", "add", node.ns)
            self.made.append(node.ns)
            sh("ip", "link", "add", f"mtbv{i}", "netns", node.ns, "type", "veth",
               "peer", "name", f"mtbh{i}", "netns", HUB)
            ns(node.ns, "ip", "link", "set", f"mtbv{i}", "name", "eth0")
            ns(node.ns, "ip", "addr", "add", f"{node.ip}/24", "brd", NET + "255", "dev", "eth0")
            ns(node.ns, "ip", "link", "set", "eth0", "up")
            ns(node.ns, "ip", "link", "set", "lo", "up")
            ns(HUB, "ip", "link", "set", f"mtbh{i}", "master", "mtb-br0")
            ns(HUB, "ip", "link", "set", f"mtbh{i}", "up")
            self.nodes[name] = node
        self.netem = self._netem_check()

    def _netem_check(self):
        """None when tc netem works here, else the reason it does not."""
        r = ns(HUB, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "0ms", check=False)
        if r.returncode == 0:
            ns(HUB, "tc", "qdisc", "del", "dev", "lo", "root", check=False)
            return None
        return "tc netem: " + (r.stderr.strip() or "failed")

    def cleanup(self):
        for node in self.nodes.values():
            try:
                node.kill()
            except Exception:
                pass
        for name in reversed(self.made):
            sh("ip", "netns", "del", name, check=False)
        self.made.clear()

    # ---------------------------------------------------------------- nftables

    def apply_filters(self, only=None):
        """Writes each namespace's table (or only those of the nodes named in `only`): drops to and
        from blocked peers, random drops for loss."""
        p = 1 - (1 - self.loss) * (1 - self.drop)
        blocked = self.partition_pairs | self.cut_pairs
        for node in self.nodes.values():
            if only is not None and node.name not in only:
                continue
            peers = sorted({self.nodes[x].ip for pair in blocked if node.name in pair for x in pair if x != node.name})
            rules_out, rules_in = [], []
            if peers:
                rules_out.append(f"ip daddr {{ {', '.join(peers)} }} drop")
                rules_in.append(f"ip saddr {{ {', '.join(peers)} }} drop")
            if p > 0:
                rules_out.append(f"ip daddr {NET}0/24 numgen random mod 1000000 < {round(p * 1e6)} drop")
            text = ("table inet mtb\ndelete table inet mtb\ntable inet mtb {\n"
                    "  chain out { type filter hook output priority 0; policy accept;\n    "
                    + "\n    ".join(rules_out) + "\n  }\n"
                    "  chain in { type filter hook input priority 0; policy accept;\n    "
                    + "\n    ".join(rules_in) + "\n  }\n}\n")
            ns(node.ns, "nft", "-f", "-", stdin=text)

    def close_links(self, a, b):
        """Closes the TCP connections between a and b at once, on both sides (ss -K)."""
        na, nb = self.nodes[a], self.nodes[b]
        ns(na.ns, "ss", "-K", "dst", nb.ip, check=False)
        ns(nb.ns, "ss", "-K", "dst", na.ip, check=False)

    # ---------------------------------------------------------------- netem

    def set_delay(self, spec):
        for node in self.nodes.values():
            ns(node.ns, "tc", "qdisc", "replace", "dev", "eth0", "root", "netem", *spec)
