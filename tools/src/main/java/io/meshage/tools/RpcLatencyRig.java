package io.meshage.tools;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.command.MeshCommands;
import io.meshage.tools.baseline.BaselineResult;
import io.meshage.tools.baseline.BaselineSettings;
import io.meshage.tools.baseline.JGroupsBaseline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Load rig: {@code sendRpc} round trip from one meshage node to its neighbour on TCP loopback, one
 * call at a time with a {@code baseline.payloadBytes} payload echoed back, beside the JGroups
 * synchronous RPC measured in the same run. Settings: the {@code baseline.*} system properties
 * ({@code baseline.rpcCalls}, {@code baseline.rpcWarmupCalls}, {@code baseline.payloadBytes}) and
 * {@code rig.jgroupsFirst} (false: JGroups runs after meshage, on a warmer JVM; true: before).
 */
public final class RpcLatencyRig {
  private static final int ECHO = 20_001;
  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);

  private RpcLatencyRig() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.net.preferIPv4Stack", "true");
    BaselineSettings settings = BaselineSettings.fromSystemProperties();
    System.out.println("RPC latency rig: " + settings);
    // The side measured second runs on a warmer JVM: rig.jgroupsFirst swaps the order.
    boolean jgroupsFirst = Boolean.getBoolean("rig.jgroupsFirst");
    System.out.println("order: " + (jgroupsFirst ? "JGroups first, then meshage" : "meshage first, then JGroups"));
    BaselineResult jgroups = jgroupsFirst ? JGroupsBaseline.run(settings) : null;
    Histogram ours = measureMeshage(settings);
    if (!jgroupsFirst) {
      jgroups = JGroupsBaseline.run(settings);
    }
    System.out.println(jgroups.summary());
    ResultTable table =
        new ResultTable(
                "sendRpc round trip to a neighbour, TCP loopback, " + settings.payloadBytes()
                    + "-byte payload, one call at a time",
                "jgroups")
            .add("RPC median", "us", micros(ours.getValueAtPercentile(50)), jgroups.rpcMedianMicros(), false)
            .add("RPC p99", "us", micros(ours.getValueAtPercentile(99)), jgroups.rpcP99Micros(), false)
            .add("RPC p99.9", "us", micros(ours.getValueAtPercentile(99.9)), jgroups.rpcP999Micros(), false);
    System.out.print(table.render());
    double ratio = micros(ours.getValueAtPercentile(50)) / jgroups.rpcMedianMicros();
    System.out.printf("median ratio meshage/jgroups = %.2f (issue 18 asks for <= 0.5)%n", ratio);
  }

  /** Round trips in nanoseconds between two meshage nodes linked on loopback. */
  static Histogram measureMeshage(BaselineSettings settings) throws Exception {
    try (MeshNode a = start("rig-a");
        MeshNode b = start("rig-b")) {
      a.dial("127.0.0.1:" + b.listenAddress().getPort());
      awaitReachable(a, "rig-b");
      b.commands().handleRpc(ECHO, (payload, sender) -> payload);
      MeshCommands c = a.commands();
      byte[] payload = new byte[settings.payloadBytes()];
      Duration timeout = Duration.ofSeconds(5);
      for (int i = 0; i < settings.rpcWarmupCalls(); i++) {
        call(c, payload, timeout);
      }
      Histogram nanos = new Histogram(HIGHEST_NANOS, 3);
      for (int i = 0; i < settings.rpcCalls(); i++) {
        long start = System.nanoTime();
        call(c, payload, timeout);
        nanos.recordValue(Math.min(System.nanoTime() - start, HIGHEST_NANOS));
      }
      System.out.printf(
          "meshage sendRpc: median %.1f us, p99 %.1f us, p99.9 %.1f us over %d calls%n",
          micros(nanos.getValueAtPercentile(50)), micros(nanos.getValueAtPercentile(99)),
          micros(nanos.getValueAtPercentile(99.9)), nanos.getTotalCount());
      return nanos;
    }
  }

  private static MeshNode start(String name) throws java.io.IOException {
    return MeshNode.start(MeshConfig.local(name).degree(0).discoveryPort(0)
        .handlerThreads(Integer.getInteger("rig.handlerThreads", 2)).build());
  }

  private static void awaitReachable(MeshNode n, String other) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    n.onTopologyChange(mesh -> {
      if (n.broadcastRecipients().contains(other)) {
        done.complete(null);
      }
    });
    if (n.broadcastRecipients().contains(other)) {
      done.complete(null);
    }
    done.get(10, TimeUnit.SECONDS);
  }

  private static void call(MeshCommands c, byte[] payload, Duration timeout) throws Exception {
    byte[] reply = c.sendRpc(ECHO, "rig-b", payload, timeout).get(10, TimeUnit.SECONDS);
    if (reply.length != payload.length) {
      throw new IllegalStateException("echo returned " + reply.length + " bytes for " + payload.length);
    }
  }

  private static double micros(long nanos) {
    return nanos / 1_000.0;
  }
}
