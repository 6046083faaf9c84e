"""The testbed's traffic: `traffic set|broadcast|request` lines as `mesh send TARGETS echo mID`
from random live origins (a remote command per recipient, answered; the nearest the node's shell
comes to setAsync, broadcastAsync and sendRequest), with a verdict per recipient."""
import random, threading, time


class Traffic:
    def __init__(self, net, seed):
        self.net = net
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.pending = []          # (origin, id, kind, recipients or None, sent_at)
        self.verdicts = []         # (sent_at, id, kind, recipient, verdict, latency_s)
        self.sends = 0
        self.busy = 0
        self.next_id = 0
        self.stopped = False

    def start(self, kind, rate, duration, to, t0):
        count = int(rate * duration)
        start = time.time()

        def run():
            for k in range(count):
                due = start + k / rate
                while time.time() < due and not self.stopped:
                    time.sleep(min(0.005, max(0.0, due - time.time())))
                if self.stopped:
                    return
                self.send(kind, to, t0)
        threading.Thread(target=run, daemon=True).start()

    def send(self, kind, to, t0):
        live = [n for n in self.net.nodes.values() if n.alive() and not n.frozen]
        if len(live) < 2:
            return
        with self.lock:
            # one send at a time per node (its shell answers the samples after the send): the
            # origin is drawn from the live nodes not waiting for a send of their own
            waiting = {id(o) for o, *_ in self.pending}
            free = [n for n in live if id(n) not in waiting]
            if not free:
                self.busy += 1
                return
            origin = self.random.choice(free)
            others = [n.name for n in live if n is not origin]
            sid = f"m{self.next_id}"
            self.next_id += 1
            if kind == "set":
                recipients = sorted(self.random.sample(others, min(to, len(others))))
                targets = ",".join(recipients)
            elif kind == "broadcast":
                recipients, targets = None, "all"
            else:
                recipients = [self.random.choice(others)]
                targets = recipients[0]
            self.sends += 1
            self.pending.append((origin, sid, kind, recipients, time.time() - t0))
        origin.tell(f"echo @S {sid}", f"mesh send {targets} echo {sid}", f"echo @F {sid}")

    def collect(self, t0, final=False):
        """Moves finished sends to verdicts; at the end, what never finished is 'no verdict'."""
        with self.lock:
            still = []
            for origin, sid, kind, recipients, at in self.pending:
                lines = origin.sent(sid)
                if lines is None:
                    if final or not origin.alive():
                        for r in recipients or ["?"]:
                            self.verdicts.append((at, sid, kind, r, "no verdict (origin gone)" if not origin.alive()
                                                  else "no verdict", 0.0))
                    else:
                        still.append((origin, sid, kind, recipients, at))
                    continue
                latency = time.time() - t0 - at
                seen = set()
                for l in lines:
                    name, _, rest = l.partition(": ")
                    if rest == sid:
                        self.verdicts.append((at, sid, kind, name, "delivered", latency))
                    elif rest.startswith("failed: "):
                        why = rest[8:].lower()
                        verdict = ("TIMEOUT" if "timeout" in why or "timed out" in why
                                   else "UNREACHABLE" if "unreachable" in why or "not in" in why or "unknown" in why
                                   else "failed (" + rest[8:40] + ")")
                        self.verdicts.append((at, sid, kind, name, verdict, latency))
                    elif rest in ("ok", "error") or not name:
                        continue
                    else:
                        continue
                    seen.add(name)
                for r in recipients or []:
                    if r not in seen:
                        self.verdicts.append((at, sid, kind, r, "no answer", latency))
            self.pending = still

    def summary(self):
        counts = {}
        for v in self.verdicts:
            counts[v[4]] = counts.get(v[4], 0) + 1
        lat = sorted(v[5] * 1000 for v in self.verdicts if v[4] == "delivered")
        parts = ", ".join(f"{k} {counts[k]}" for k in sorted(counts))
        line = (f"traffic: {self.sends} sends (mesh send ... echo; {self.busy} more skipped, every live node still"
                f" waiting for its previous send); recipients: {parts or 'none'}")
        if lat:
            line += (f"\nlatency of delivered (until the send's last answer): p50 {lat[len(lat) // 2]:.1f} ms,"
                     f" p99 {lat[min(len(lat) - 1, int(len(lat) * 0.99))]:.1f} ms, max {lat[-1]:.1f} ms")
        return line
