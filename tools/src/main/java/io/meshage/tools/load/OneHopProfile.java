package io.meshage.tools.load;

import io.meshage.MeshNode;
import java.lang.management.ManagementFactory;

/**
 * The one-hop path alone, for profiling: two nodes on loopback, {@code rig.rounds} times {@code
 * rig.messages} ACKed setAsync sends (window {@code rig.window}) after {@code rig.warmup} more,
 * printing msgs/s, and per message the heap bytes allocated and the CPU time used by the whole
 * JVM (senders, loops, readers, writers, handlers, JIT and GC). Run it under {@code
 * -XX:StartFlightRecording=...,settings=profile} to see where time and allocation go.
 */
public final class OneHopProfile {
  private OneHopProfile() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.net.preferIPv4Stack", "true");
    int messages = Integer.getInteger("rig.messages", 2_000_000);
    int window = Integer.getInteger("rig.window", 10_000);
    int rounds = Integer.getInteger("rig.rounds", 3);
    int warmup = Integer.getInteger("rig.warmup", messages / 4);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (MessagingRig.Cluster pair = MessagingRig.Cluster.line(2)) {
      MeshNode a = pair.nodes.get(0);
      MessagingRig.throughput(a, "n1", window, warmup);
      for (int r = 0; r < rounds; r++) {
        long before = threads.getTotalThreadAllocatedBytes();
        long cpu = os.getProcessCpuTime();
        double rate = MessagingRig.throughput(a, "n1", window, messages);
        long bytes = threads.getTotalThreadAllocatedBytes() - before;
        cpu = os.getProcessCpuTime() - cpu;
        System.out.printf("one-hop setAsync: %,.0f msgs/s, %,.0f bytes allocated and %,.0f ns of CPU per message%n",
            rate, (double) bytes / messages, (double) cpu / messages);
      }
    }
  }
}
