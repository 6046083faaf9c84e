package io.meshage.tools.load;

import io.meshage.MeshNode;
import io.meshage.tools.ResultTable;
import java.security.SecureRandom;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The cost of a namespace key, measured in one run: the messaging rig's one-hop, two-hop, sync
 * and broadcast figures keyless, then keyed (AES-256-GCM records), then keyless and keyed once
 * more, so that drift of the machine shows; the table compares the keyed runs with the keyless.
 */
final class KeyCost {
  private KeyCost() {}

  record Figures(double oneHop, double twoHop, double syncMedian, double syncP99, double broadcast10) {}

  static void run(int messages, int window, int syncCalls, int broadcasts) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Figures[] keyless = new Figures[2];
    Figures[] keyed = new Figures[2];
    for (int round = 0; round < 2; round++) {
      keyless[round] = measure(List.of(), "keyless", messages, window, syncCalls, broadcasts);
      keyed[round] = measure(List.of(key), "keyed", messages, window, syncCalls, broadcasts);
    }
    ResultTable t = new ResultTable("namespace key cost on TCP loopback, 100-byte bodies (keyed vs keyless, same run)", "keyless");
    for (int round = 0; round < 2; round++) {
      Figures k = keyed[round];
      Figures p = keyless[round];
      String r = " (round " + (round + 1) + ")";
      t.add("one-hop setAsync" + r, "msgs/s", k.oneHop(), p.oneHop(), true);
      t.add("two-hop setAsync" + r, "msgs/s", k.twoHop(), p.twoHop(), true);
      t.add("sync set one hop, median" + r, "us", k.syncMedian(), p.syncMedian(), false);
      t.add("sync set one hop, p99" + r, "us", k.syncP99(), p.syncP99(), false);
      t.add("broadcast 10 nodes, median" + r, "ms", k.broadcast10(), p.broadcast10(), false);
    }
    System.out.print(t.render());
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
