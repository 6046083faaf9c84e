package io.meshage.tools.load;

import io.meshage.MeshNode;
import io.meshage.tools.ResultTable;
import java.security.SecureRandom;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The cost of a namespace key, measured in one run: the messaging rig's one-hop, two-hop, sync
 * and broadcast figures keyless, then keyed (AES-256-GCM records), alternating for {@code
 * rig.keyRounds} rounds (default 3) so that drift of a shared machine shows; the table compares
 * the medians. Also times the record layer alone (seal and open, no sockets).
 */
final class KeyCost {
  private KeyCost() {}

  record Figures(double oneHop, double twoHop, double syncMedian, double syncP99, double broadcast10) {}

  static void run(int messages, int window, int syncCalls, int broadcasts) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    int rounds = Integer.getInteger("rig.keyRounds", 3);
    List<Figures> keyless = new java.util.ArrayList<>();
    List<Figures> keyed = new java.util.ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      keyless.add(measure(List.of(), "keyless", messages, window, syncCalls, broadcasts));
      keyed.add(measure(List.of(key), "keyed", messages, window, syncCalls, broadcasts));
    }
    ResultTable t =
        new ResultTable("namespace key cost on TCP loopback, 100-byte bodies, medians of " + rounds + " alternating rounds", "keyless");
    t.add("one-hop setAsync", "msgs/s", median(keyed, Figures::oneHop), median(keyless, Figures::oneHop), true);
    t.add("two-hop setAsync", "msgs/s", median(keyed, Figures::twoHop), median(keyless, Figures::twoHop), true);
    t.add("sync set one hop, median", "us", median(keyed, Figures::syncMedian), median(keyless, Figures::syncMedian), false);
    t.add("sync set one hop, p99", "us", median(keyed, Figures::syncP99), median(keyless, Figures::syncP99), false);
    t.add("broadcast 10 nodes, median", "ms", median(keyed, Figures::broadcast10), median(keyless, Figures::broadcast10), false);
    System.out.print(t.render());
    RecordCost.run();
  }

  private static double median(List<Figures> f, java.util.function.ToDoubleFunction<Figures> field) {
    double[] v = f.stream().mapToDouble(field).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static Figures measure(List<byte[]> keys, String label, int messages, int window, int syncCalls, int broadcasts)
      throws Exception {
    MessagingRig.Cluster.keys = keys;
    double oneHop;
    double twoHop;
    try (MessagingRig.Cluster line = MessagingRig.Cluster.line(3)) {
      MeshNode a = line.nodes.get(0);
      MessagingRig.throughput(a, "n1", window, messages / 10);
      oneHop = MessagingRig.throughput(a, "n1", window, messages);
      MessagingRig.throughput(a, "n2", window, messages / 10);
      twoHop = MessagingRig.throughput(a, "n2", window, messages);
    }
    Histogram sync;
    try (MessagingRig.Cluster pair = MessagingRig.Cluster.line(2)) {
      MeshNode a = pair.nodes.get(0);
      MessagingRig.syncLatency(a, "n1", syncCalls / 4);
      sync = MessagingRig.syncLatency(a, "n1", syncCalls);
    }
    double b10 = MessagingRig.broadcastMillis(10, broadcasts);
    Figures f = new Figures(oneHop, twoHop, sync.getValueAtPercentile(50) / 1000.0, sync.getValueAtPercentile(99) / 1000.0, b10);
    System.out.printf("%s: one-hop %,.0f msgs/s, two-hop %,.0f msgs/s, sync median %.1f us p99 %.1f us, broadcast-10 %.2f ms%n",
        label, f.oneHop(), f.twoHop(), f.syncMedian(), f.syncP99(), f.broadcast10());
    return f;
  }
}
