package io.meshage.tools;

import io.meshage.HandlerMode;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.command.MeshCommands;
import io.meshage.rpc.Response;
import io.meshage.tools.baseline.BaselineResult;
import io.meshage.tools.baseline.BaselineSettings;
import io.meshage.tools.baseline.JGroupsBaseline;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Load rig: round trips from one meshage node to its neighbour on TCP loopback, one call at a
 * time with a {@code baseline.payloadBytes} payload echoed back, beside the JGroups synchronous
 * RPC measured in the same run: {@code sendRpc} with a pooled handler (the default; the figure
 * older builds print), then {@code sendRpc}, {@code sendRequest} and {@code rpc().call} with
 * direct handlers ({@link HandlerMode#DIRECT}). Settings: the {@code baseline.*} system
 * properties ({@code baseline.rpcCalls}, {@code baseline.rpcWarmupCalls}, {@code
 * baseline.payloadBytes}), {@code rig.jgroupsFirst} (false: JGroups runs after meshage, on a
 * warmer JVM; true: before), {@code rig.direct} (false: only the pooled {@code sendRpc}) and
 * {@code rig.callerSpinMicros} (the calling node's {@code MeshConfig.callerSpin}, default 50; 0
 * parks the caller at once, as builds before it did).
 */
public final class RpcLatencyRig {
  private static final int ECHO = 20_001;
  private static final int ECHO_DIRECT = 20_002;
  private static final int REQUEST_DIRECT = 10_002;
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
    Map<String, Histogram> ours = measureMeshage(settings);
    if (!jgroupsFirst) {
      jgroups = JGroupsBaseline.run(settings);
    }
    System.out.println(jgroups.summary());
    Histogram pooled = ours.get("sendRpc");
    ResultTable table =
        new ResultTable(
                "sendRpc round trip to a neighbour, TCP loopback, " + settings.payloadBytes()
                    + "-byte payload, one call at a time",
                "jgroups")
            .add("RPC median", "us", micros(pooled.getValueAtPercentile(50)), jgroups.rpcMedianMicros(), false)
            .add("RPC p99", "us", micros(pooled.getValueAtPercentile(99)), jgroups.rpcP99Micros(), false)
            .add("RPC p99.9", "us", micros(pooled.getValueAtPercentile(99.9)), jgroups.rpcP999Micros(), false);
    System.out.print(table.render());
    double ratio = micros(pooled.getValueAtPercentile(50)) / jgroups.rpcMedianMicros();
    System.out.printf("median ratio meshage/jgroups = %.2f (issue 18 asks for <= 0.5)%n", ratio);
    for (Map.Entry<String, Histogram> e : ours.entrySet()) {
      Histogram h = e.getValue();
      System.out.printf(
          "%-24s median %6.1f us  p99 %7.1f us  median ratio to JGroups sync RPC %.2f%n",
          e.getKey(), micros(h.getValueAtPercentile(50)), micros(h.getValueAtPercentile(99)),
          micros(h.getValueAtPercentile(50)) / jgroups.rpcMedianMicros());
    }
    if (ours.size() > 1) {
      double worst = 0;
      for (Map.Entry<String, Histogram> e : ours.entrySet()) {
        if (e.getKey().endsWith("direct")) {
          worst = Math.max(worst, micros(e.getValue().getValueAtPercentile(50)) / jgroups.rpcMedianMicros());
        }
      }
      System.out.printf("worst direct median ratio = %.2f (issue 33 asks for <= 0.5)%n", worst);
    }
  }

  /** The echo service {@code rpc().call} measures. */
  public static final class Echo {
    public byte[] echo(byte[] payload) {
      return payload;
    }
  }

  /** A round trip: one call, checked. */
  private interface RoundTrip {
    void run() throws Exception;
  }

  /**
   * Round trips in nanoseconds between two meshage nodes linked on loopback, by path: {@code
   * sendRpc} (pooled handler), then, unless {@code rig.direct=false}, the three request paths
   * with direct handlers.
   */
  static Map<String, Histogram> measureMeshage(BaselineSettings settings) throws Exception {
    boolean direct = !"false".equals(System.getProperty("rig.direct"));
    Duration spin = Duration.ofNanos(1000L * Integer.getInteger("rig.callerSpinMicros", 50));
    System.out.println("caller spin (MeshConfig.callerSpin of the calling node): " + spin.toNanos() / 1000 + " us");
    try (MeshNode a = start("rig-a", spin);
        MeshNode b = start("rig-b", Duration.ZERO)) {
      a.dial("127.0.0.1:" + b.listenAddress().getPort());
      awaitReachable(a, "rig-b");
      b.commands().handleRpc(ECHO, (payload, sender) -> payload);
      MeshCommands c = a.commands();
      byte[] payload = new byte[settings.payloadBytes()];
      Duration timeout = Duration.ofSeconds(5);
      Map<String, RoundTrip> paths = new LinkedHashMap<>();
      paths.put("sendRpc", () -> checkEcho(c.sendRpc(ECHO, "rig-b", payload, timeout).get(10, TimeUnit.SECONDS), payload));
      if (direct) {
        b.commands().handleRpc(ECHO_DIRECT, (p, sender) -> p, HandlerMode.DIRECT);
        b.commands().handleCommand(REQUEST_DIRECT, (req, sender) -> req, HandlerMode.DIRECT);
        b.rpc().register(new Echo(), HandlerMode.DIRECT);
        a.rpc().register(new Echo());
        Map<String, Object> data = Map.of("p", payload);
        paths.put("sendRpc direct", () -> checkEcho(c.sendRpc(ECHO_DIRECT, "rig-b", payload, timeout).get(10, TimeUnit.SECONDS), payload));
        paths.put("sendRequest direct", () -> {
          Map<String, Object> r = c.sendRequest(REQUEST_DIRECT, "rig-b", data, timeout).get(10, TimeUnit.SECONDS);
          checkEcho((byte[]) r.get("p"), payload);
        });
        List<String> to = List.of("rig-b");
        paths.put("rpc().call direct", () -> {
          List<Response<byte[]>> rs = a.rpc().call(to, "Echo.echo", payload, byte[].class, timeout);
          if (!rs.get(0).isOk()) {
            throw new IllegalStateException("rpc().call failed: " + rs.get(0));
          }
          checkEcho(rs.get(0).value(), payload);
        });
      }
      Map<String, Histogram> out = new LinkedHashMap<>();
      for (Map.Entry<String, RoundTrip> e : paths.entrySet()) {
        RoundTrip call = e.getValue();
        for (int i = 0; i < settings.rpcWarmupCalls(); i++) {
          call.run();
        }
        Histogram nanos = new Histogram(HIGHEST_NANOS, 3);
        for (int i = 0; i < settings.rpcCalls(); i++) {
          long start = System.nanoTime();
          call.run();
          nanos.recordValue(Math.min(System.nanoTime() - start, HIGHEST_NANOS));
        }
        System.out.printf(
            "meshage %s: median %.1f us, p99 %.1f us, p99.9 %.1f us over %d calls%n", e.getKey(),
            micros(nanos.getValueAtPercentile(50)), micros(nanos.getValueAtPercentile(99)),
            micros(nanos.getValueAtPercentile(99.9)), nanos.getTotalCount());
        out.put(e.getKey(), nanos);
      }
      return out;
    }
  }

  private static MeshNode start(String name, Duration callerSpin) throws java.io.IOException {
    return MeshNode.start(MeshConfig.local(name).degree(0).discoveryPort(0).callerSpin(callerSpin)
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

  private static void checkEcho(byte[] reply, byte[] payload) {
    if (reply.length != payload.length) {
      throw new IllegalStateException("echo returned " + reply.length + " bytes for " + payload.length);
    }
  }

  private static double micros(long nanos) {
    return nanos / 1_000.0;
  }
}
