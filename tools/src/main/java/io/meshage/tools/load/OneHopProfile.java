package io.meshage.tools.load;

import io.meshage.MeshNode;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The one-hop path alone (or, with {@code rig.hops=2}, through a relay), for profiling: nodes in a
 * line on loopback, {@code rig.rounds} times {@code rig.messages} ACKed setAsync sends (window
 * {@code rig.window}) after {@code rig.warmup} more, printing msgs/s, and per message the heap
 * bytes allocated and the CPU time used by the whole JVM (senders, loops, readers, writers,
 * handlers, JIT and GC), and the JIT and GC time of the round. Run it under {@code
 * -XX:StartFlightRecording=...,settings=profile} to see where time and allocation go.
 */
public final class OneHopProfile {
  private OneHopProfile() {}

  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("java.net.preferIPv4Stack", "true");
    int messages = Integer.getInteger("rig.messages", 2_000_000);
    int window = Integer.getInteger("rig.window", 10_000);
    int rounds = Integer.getInteger("rig.rounds", 3);
    int warmup = Integer.getInteger("rig.warmup", messages / 4);
    int hops = Integer.getInteger("rig.hops", 1);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String to = "n" + hops;
    try (MessagingRig.Cluster line = MessagingRig.Cluster.line(hops + 1)) {
      MeshNode a = line.nodes.get(0);
      MessagingRig.throughput(a, to, window, warmup);
      for (int r = 0; r < rounds; r++) {
        long before = threads.getTotalThreadAllocatedBytes();
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long gc = gcMillis();
        long cpu = os.getProcessCpuTime();
        double rate = MessagingRig.throughput(a, to, window, messages);
        long bytes = threads.getTotalThreadAllocatedBytes() - before;
        cpu = os.getProcessCpuTime() - cpu;
        jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit;
        gc = gcMillis() - gc;
        System.out.printf(
            "%d-hop setAsync: %,.0f msgs/s, %,.0f bytes allocated and %,.0f ns of CPU per message"
                + " (JIT %d ms, GC %d ms)%n",
            hops, rate, (double) bytes / messages, (double) cpu / messages, jit, gc);
      }
    }
  }
}
