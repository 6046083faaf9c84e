package io.meshage.cli.scenario;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshTimeoutException;
import io.meshage.UnreachableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/**
 * What the scenario's traffic did: every send, every per-recipient verdict and its latency, every
 * receipt; from these the duplicate and false-delivery checks (a recipient reported delivered
 * that never got the message).
 */
final class TrafficLog {
  /** One verdict for one recipient. */
  record Verdict(long sentAt, long id, String kind, String recipient, String verdict, long latencyNanos) {}

  private final Map<String, Set<String>> received = new TreeMap<>();
  private final List<Verdict> verdicts = new ArrayList<>();
  private final Map<String, Long> counts = new TreeMap<>();
  private long sends;
  private long answered;
  private long refused;
  private long notInMesh;
  private long duplicates;

  /** A send went out; its body is {@code "m" + id}. */
  void sent() {
    sends++;
  }

  /** The send call refused a recipient missing from the origin's view (no message went out). */
  void notInMesh() {
    answered++;
    notInMesh++;
  }

  /** {@code node} got the message with body {@code body}. */
  void received(String node, String body) {
    if (!received.computeIfAbsent(body, k -> new TreeSet<>()).add(node)) {
      duplicates++;
    }
  }

  /** The verdict of a set or broadcast. */
  void delivery(long id, String kind, long sentAt, long now, Delivery d, Throwable error) {
    answered++;
    if (error != null) {
      refused++;
      return;
    }
    d.delivered().forEach(r -> add(new Verdict(sentAt, id, kind, r, "delivered", now - sentAt)));
    new TreeMap<>(d.failed()).forEach((r, f) -> add(new Verdict(sentAt, id, kind, r, f.name(), now - sentAt)));
  }

  /** The outcome of a sendRequest to {@code target}. */
  void request(long id, String target, long sentAt, long now, Throwable error) {
    answered++;
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String v = e == null ? "delivered"
        : e instanceof MeshTimeoutException ? Failure.TIMEOUT.name()
        : e instanceof UnreachableException ? Failure.UNREACHABLE.name()
        : "ERROR";
    add(new Verdict(sentAt, id, "request", target, v, now - sentAt));
  }

  private void add(Verdict v) {
    verdicts.add(v);
    counts.merge(v.verdict(), 1L, Long::sum);
  }

  List<Verdict> verdicts() {
    return Collections.unmodifiableList(verdicts);
  }

  long count(String verdict) {
    return counts.getOrDefault(verdict, 0L);
  }

  long duplicates() {
    return duplicates;
  }

  /** Recipients reported delivered that never received the message. */
  long falseDeliveries() {
    long n = 0;
    for (Verdict v : verdicts) {
      if (v.verdict().equals("delivered")
          && !received.getOrDefault("m" + v.id(), Set.of()).contains(v.recipient())) {
        n++;
      }
    }
    return n;
  }

  /** The summary lines of the report. */
  List<String> summary() {
    List<String> l = new ArrayList<>();
    l.add("traffic: " + sends + " sends (" + (sends - answered) + " without a verdict at the end, "
        + refused + " refused by backpressure, " + notInMesh
        + " refused because a recipient was not in the sender's view); recipients: delivered " + count("delivered")
        + ", TIMEOUT " + count("TIMEOUT") + ", UNREACHABLE " + count("UNREACHABLE")
        + ", UNCONFIRMED " + count("UNCONFIRMED") + ", REJECTED " + count("REJECTED") + (count("ERROR") > 0 ? ", ERROR " + count("ERROR") : ""));
    List<Long> lat = new ArrayList<>();
    verdicts.stream().filter(v -> v.verdict().equals("delivered")).forEach(v -> lat.add(v.latencyNanos()));
    if (!lat.isEmpty()) {
      Collections.sort(lat);
      l.add(String.format(Locale.ROOT, "latency of delivered: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
          pct(lat, 0.50) / 1e6, pct(lat, 0.99) / 1e6, lat.get(lat.size() - 1) / 1e6));
    }
    long f = falseDeliveries();
    l.add("checks: duplicates delivered " + duplicates + ", false deliveries " + f
        + (duplicates == 0 && f == 0 ? " (ok)" : " (FAILED)"));
    return l;
  }

  private static long pct(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
  }
}
