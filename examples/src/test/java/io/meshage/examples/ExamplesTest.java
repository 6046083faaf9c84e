package io.meshage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.group.GroupDelivery;
import io.meshage.micrometer.PrometheusEndpoint;
import io.meshage.rpc.Response;
import io.meshage.sim.Simulation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the README's examples: real nodes on loopback (ephemeral ports, broadcast only to
 * 127.255.255.255 on a free discovery port), the simulation on a fixed seed.
 */
@Timeout(60)
class ExamplesTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private MeshNode node(String name, int discoveryPort, int degree) throws IOException {
    MeshNode n = MeshNode.start(MeshConfig.builder(name).namespace("lab").degree(degree)
        .bindAddress("127.0.0.1").broadcastAddress("127.255.255.255").discoveryPort(discoveryPort).build());
    open.add(n);
    return n;
  }

  /** Two nodes linked by a dial, each seeing the other. */
  private MeshNode[] pair(String a, String b) throws Exception {
    MeshNode x = node(a, 0, 0);
    MeshNode y = node(b, 0, 0);
    x.dial("127.0.0.1:" + y.listenAddress().getPort());
    await(() -> x.mesh().containsKey(b) && y.mesh().containsKey(a), x, y);
    return new MeshNode[] {x, y};
  }

  /** Waits for {@code condition}, checked again at every topology change of {@code watched} (20 s at most). */
  private static void await(BooleanSupplier condition, MeshNode... watched) throws InterruptedException {
    java.util.concurrent.Semaphore changed = new java.util.concurrent.Semaphore(0);
    List<io.meshage.Subscription> subs = new java.util.ArrayList<>();
    for (MeshNode n : watched) {
      subs.add(n.onTopologyChange(m -> changed.release()));
    }
    try {
      long end = System.nanoTime() + 20_000_000_000L;
      while (!condition.getAsBoolean()) {
        long left = end - System.nanoTime();
        assertThat(left > 0 && changed.tryAcquire(Math.max(left, 1), java.util.concurrent.TimeUnit.NANOSECONDS))
            .as("condition within 20 s").isTrue();
        changed.drainPermits();
      }
    } finally {
      subs.forEach(io.meshage.Subscription::close);
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return s.getLocalPort();
    }
  }

  @Test
  void embed() throws Exception {
    int port = freeUdpPort();
    MeshNode n3 = node("n3", port, 3);
    MeshNode n4 = node("n4", port, 3);
    n3.onMessage(m -> { });
    n4.onMessage(m -> { });
    await(() -> n3.mesh().containsKey("n4"), n3);
    Delivery d = EmbedExample.run(port);
    // a verdict for each recipient, whether n1 had joined them yet or not
    Set<String> judged = new java.util.HashSet<>(d.delivered());
    judged.addAll(d.failed().keySet());
    assertThat(judged).containsExactlyInAnyOrder("n3", "n4");
  }

  /** The README promises a verdict, not an exception, for recipients not in the mesh. */
  @Test
  void embedAloneGivesVerdictsNotExceptions() throws Exception {
    Delivery d = EmbedExample.run(freeUdpPort());
    assertThat(d.delivered()).isEmpty();
    assertThat(d.failed()).containsOnlyKeys("n3", "n4").containsValues(Failure.UNREACHABLE);
  }

  @Test
  void commands() throws Exception {
    MeshNode[] p = pair("n1", "n3");
    CommandsExample.serve(p[1]);
    assertThat(CommandsExample.run(p[0], List.of("n3"))).containsExactly(1, 2, 3);
    assertThat(p[0].cluster().nodeType()).isEqualTo("game");
  }

  @Test
  void rpc() throws Exception {
    MeshNode[] p = pair("n1", "n2");
    RpcExample.serve(p[0]);
    RpcExample.serve(p[1]);
    List<Response<Reply>> rs = RpcExample.run(p[0], List.of("n2"));
    assertThat(rs).hasSize(1);
    assertThat(rs.get(0).isOk()).as("%s", rs.get(0)).isTrue();
    assertThat(rs.get(0).value()).isEqualTo(new Reply(350, -150));
  }

  @Test
  void groups() throws Exception {
    MeshNode[] p = pair("n1", "n2");
    GroupDelivery d = GroupsExample.run(p[0], p[1]);
    assertThat(d.unreached()).isEmpty();
  }

  @Test
  void files(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    MeshNode server = MeshNode.start(MeshConfig.local("f1").files(dir.resolve("f1")).build());
    open.add(server);
    MeshNode node = MeshNode.start(MeshConfig.local("f2").files(dir.resolve("f2")).build());
    open.add(node);
    node.dial("127.0.0.1:" + server.listenAddress().getPort());
    await(() -> node.mesh().containsKey("f1") && server.mesh().containsKey("f2"), node, server);
    java.nio.file.Files.createDirectories(dir.resolve("f1/images"));
    java.nio.file.Files.write(dir.resolve("f1/images/x.img"), new byte[100_000]);
    FilesExample.Result r = FilesExample.run(node);
    assertThat(r.listed()).extracting(io.meshage.file.FileEntry::node).containsExactly("f1");
    assertThat(r.fetched().getFileName().toString()).isEqualTo("x.img");
    assertThat(java.nio.file.Files.exists(r.fetched())).as("deleted again").isFalse();
  }

  @Test
  void metrics() throws Exception {
    MeshNode n = node("m1", 0, 0);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PrometheusEndpoint endpoint = MetricsExample.run(n, registry, 0);
    open.add(endpoint);
    assertThat(endpoint.address().getPort()).isPositive();
    assertThat(registry.getMeters()).isNotEmpty();
  }

  @Test
  void simulation() {
    Simulation sim = SimulationExample.run(1);
    assertThat(sim.node("n1").mesh()).hasSizeGreaterThan(100);
    assertThat(sim.liveNodes()).as("n17, killed, restarted by the task given to at").contains("n17");
  }
}
