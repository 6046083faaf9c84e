package io.meshage.tools;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.rpc.BilateralRpc;
import io.meshage.rpc.Response;
import io.meshage.tools.baseline.BaselineSettings;
import io.meshage.tools.baseline.MulticastRpcBaseline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Load rig: a bilateral multicast RPC ({@code node.rpc().call}) from one meshage node to its three
 * neighbours on TCP loopback, one call at a time, a {@code baseline.payloadBytes} payload echoed
 * by each, beside JGroups' {@code RpcDispatcher} GET_ALL to three members measured in the same run.
 * Settings: the {@code baseline.*} system properties ({@code baseline.rpcCalls}, {@code
 * baseline.rpcWarmupCalls}, {@code baseline.payloadBytes}).
 */
public final class MulticastRpcRig {
  private static final int TARGETS = 3;
  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** The served object: returns its argument. */
  public static final class Echo {
    public byte[] echo(byte[] payload) {
      return payload;
    }
  }

  private MulticastRpcRig() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.net.preferIPv4Stack", "true");
    BaselineSettings settings = BaselineSettings.fromSystemProperties();
    System.out.println("multicast RPC rig: " + settings);
    Histogram ours = measureMeshage(settings);
    Histogram jgroups = MulticastRpcBaseline.measure(settings, TARGETS);
    System.out.printf(
        "JGroups RpcDispatcher GET_ALL: median %.1f us, p99 %.1f us, p99.9 %.1f us over %d calls%n",
        micros(jgroups.getValueAtPercentile(50)), micros(jgroups.getValueAtPercentile(99)),
        micros(jgroups.getValueAtPercentile(99.9)), jgroups.getTotalCount());
    ResultTable table =
        new ResultTable(
                "multicast RPC to " + TARGETS + " neighbours, TCP loopback, " + settings.payloadBytes()
                    + "-byte payload echoed, one call at a time",
                "jgroups")
            .add("call median", "us", micros(ours.getValueAtPercentile(50)), micros(jgroups.getValueAtPercentile(50)), false)
            .add("call p99", "us", micros(ours.getValueAtPercentile(99)), micros(jgroups.getValueAtPercentile(99)), false)
            .add("call p99.9", "us", micros(ours.getValueAtPercentile(99.9)), micros(jgroups.getValueAtPercentile(99.9)), false);
    System.out.print(table.render());
    double ratio = (double) ours.getValueAtPercentile(50) / jgroups.getValueAtPercentile(50);
    System.out.printf("median ratio meshage/jgroups = %.2f (target <= 1.0)%n", ratio);
  }

  /** Round trips in nanoseconds of calls from one node to its three neighbours. */
  static Histogram measureMeshage(BaselineSettings settings) throws Exception {
    List<MeshNode> nodes = new ArrayList<>();
    try {
      MeshNode caller = start("rig-a");
      nodes.add(caller);
      List<String> targets = new ArrayList<>();
      for (int i = 0; i < TARGETS; i++) {
        MeshNode n = start("rig-" + (char) ('b' + i));
        nodes.add(n);
        targets.add(n.name());
        caller.dial("127.0.0.1:" + n.listenAddress().getPort());
      }
      for (MeshNode n : nodes) {
        n.rpc().register(new Echo());
        awaitReachable(n, nodes.size() - 1);
      }
      BilateralRpc rpc = caller.rpc();
      byte[] payload = new byte[settings.payloadBytes()];
      Duration timeout = Duration.ofSeconds(5);
      for (int i = 0; i < settings.rpcWarmupCalls(); i++) {
        call(rpc, targets, payload, timeout);
      }
      Histogram nanos = new Histogram(HIGHEST_NANOS, 3);
      for (int i = 0; i < settings.rpcCalls(); i++) {
        long start = System.nanoTime();
        call(rpc, targets, payload, timeout);
        nanos.recordValue(Math.min(System.nanoTime() - start, HIGHEST_NANOS));
      }
      System.out.printf(
          "meshage rpc().call to %d: median %.1f us, p99 %.1f us, p99.9 %.1f us over %d calls%n",
          TARGETS, micros(nanos.getValueAtPercentile(50)), micros(nanos.getValueAtPercentile(99)),
          micros(nanos.getValueAtPercentile(99.9)), nanos.getTotalCount());
      return nanos;
    } finally {
      for (MeshNode n : nodes) {
        n.close();
      }
    }
  }

  private static MeshNode start(String name) throws java.io.IOException {
    return MeshNode.start(MeshConfig.local(name).degree(0).discoveryPort(0)
        .handlerThreads(Integer.getInteger("rig.handlerThreads", 2)).build());
  }

  private static void awaitReachable(MeshNode n, int others) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    n.onTopologyChange(mesh -> {
      if (n.broadcastRecipients().size() >= others) {
        done.complete(null);
      }
    });
    if (n.broadcastRecipients().size() >= others) {
      done.complete(null);
    }
    done.get(10, TimeUnit.SECONDS);
  }

  private static void call(BilateralRpc rpc, List<String> targets, byte[] payload, Duration timeout) {
    List<Response<byte[]>> rs = rpc.call(targets, "Echo.echo", payload, byte[].class, timeout);
    for (Response<byte[]> r : rs) {
      if (!r.isOk() || r.value().length != payload.length) {
        throw new IllegalStateException("bad response " + r);
      }
    }
  }

  private static double micros(long nanos) {
    return nanos / 1_000.0;
  }
}
