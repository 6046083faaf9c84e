package io.meshage.jgroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Discovery;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two groups of nodes on loopback, each with a broadcast domain of its own (different discovery
 * ports), become one mesh because one node of each group also discovers through JGroups.
 */
@Timeout(60)
class JGroupsDiscoveryTest {
  private static final String BROADCAST = "127.255.255.255";
  private static final Set<String> ALL = Set.of("a1", "a2", "b1", "b2");
  private final List<MeshNode> nodes = new ArrayList<>();
  private final Object changed = new Object();
  @TempDir Path dir;

  @AfterEach
  void closeAll() {
    nodes.forEach(MeshNode::close);
  }

  @Test
  void tcppingJoinsTwoBroadcastDomainsIntoOneMesh() throws Exception {
    int p1 = freeTcpPort();
    int p2 = freeTcpPort();
    String hosts = "127.0.0.1[" + p1 + "],127.0.0.1[" + p2 + "]";
    Path a = write("a.xml", stack(p1, "<TCPPING initial_hosts=\"" + hosts + "\" port_range=\"0\"/>"));
    Path b = write("b.xml", stack(p2, "<TCPPING initial_hosts=\"" + hosts + "\" port_range=\"0\"/>"));
    joinsTwoDomains(new JGroupsDiscovery(a), new JGroupsDiscovery(b));
  }

  @Test
  void filePingJoinsTwoBroadcastDomainsIntoOneMesh() throws Exception {
    Path location = Files.createDirectory(dir.resolve("ping"));
    Path s = write("file.xml", stack(0, "<FILE_PING location=\"" + location + "\"/>"));
    JGroupsDiscovery d = new JGroupsDiscovery(s);
    joinsTwoDomains(d, d);
  }

  @Test
  void withoutJGroupsTheDomainsStayApart() throws Exception {
    int portA = freeUdpPort();
    int portB = freeUdpPort();
    MeshNode a1 = start("a1", portA, null);
    start("a2", portA, null);
    MeshNode b1 = start("b1", portB, null);
    start("b2", portB, null);
    assertThat(await(() -> a1.mesh().size() == 2 && b1.mesh().size() == 2, Duration.ofSeconds(10))).isTrue();
    assertThat(a1.mesh().keySet()).containsExactlyInAnyOrder("a1", "a2");
  }

  @Test
  void badStackFileIsRefusedByName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JGroupsDiscovery.parse("jgroups:" + dir.resolve("none.xml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none.xml");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JGroupsDiscovery.parse("tcpping:x.xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jgroups:FILE.xml");
  }

  private void joinsTwoDomains(Discovery da, Discovery db) throws Exception {
    int portA = freeUdpPort();
    int portB = freeUdpPort();
    MeshNode a1 = start("a1", portA, da);
    MeshNode a2 = start("a2", portA, null);
    MeshNode b1 = start("b1", portB, db);
    MeshNode b2 = start("b2", portB, null);
    boolean one =
        await(() -> nodes.stream().allMatch(n -> n.mesh().keySet().equals(ALL)), Duration.ofSeconds(20));
    assertThat(one).as("one mesh: a1 %s, b2 %s", a1.mesh(), b2.mesh()).isTrue();
    // A link may still be swapped as the parts settle (a full part makes room): a send that meets
    // that fails with a verdict, and the next one goes through.
    io.meshage.Delivery d = a2.set(List.of("b2"), "across");
    for (int i = 0; i < 4 && !d.isComplete(); i++) {
      d = a2.set(List.of("b2"), "across");
    }
    assertThat(d.isComplete()).as("%s; a2 mesh %s", d, a2.mesh()).isTrue();
    assertThat(a1.neighbors()).contains("b1");
    assertThat(b1.stats().get(io.meshage.Counter.BEACONS_RECEIVED)).isPositive();
  }

  private MeshNode start(String name, int discoveryPort, Discovery discovery) throws IOException {
    MeshNode n =
        MeshNode.start(
            MeshConfig.builder(name)
                .bindAddress("127.0.0.1")
                .broadcastAddress(BROADCAST)
                .discoveryPort(discoveryPort)
                .discovery(discovery)
                .keepaliveInterval(Duration.ofMillis(200))
                .keepaliveTimeout(Duration.ofMillis(1000))
                .beaconMaxPeriod(Duration.ofSeconds(1))
                .build());
    nodes.add(n);
    n.onTopologyChange(m -> {
      synchronized (changed) {
        changed.notifyAll();
      }
    });
    return n;
  }

  /** Waits until {@code condition} holds, woken by topology changes and re-checking every 50 ms. */
  private boolean await(java.util.function.BooleanSupplier condition, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    synchronized (changed) {
      while (!condition.getAsBoolean()) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.wait(Math.max(1, Math.min(50, left / 1_000_000)));
      }
    }
    return true;
  }

  /** A small TCP stack on 127.0.0.1 ({@code port} 0: ephemeral) with the given discovery protocol. */
  private static String stack(int port, String discovery) {
    return "<config xmlns=\"urn:org:jgroups\">\n"
        + "  <TCP bind_addr=\"127.0.0.1\" bind_port=\"" + port + "\" port_range=\"0\" diag.enabled=\"false\"/>\n"
        + "  " + discovery + "\n"
        + "  <MERGE3 min_interval=\"500ms\" max_interval=\"1s\"/>\n"
        + "  <pbcast.NAKACK2 use_mcast_xmit=\"false\"/>\n"
        + "  <UNICAST3/>\n"
        + "  <pbcast.STABLE/>\n"
        + "  <pbcast.GMS join_timeout=\"500ms\" print_local_addr=\"false\"/>\n"
        + "</config>\n";
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
