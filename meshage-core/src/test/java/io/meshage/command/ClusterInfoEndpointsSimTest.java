package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Endpoints, the Node record, node addresses, the sibling, onUpdate, markTakenIf,
 * waitForLatestNodeData and OFFLINE on close, on the simulator.
 */
@Timeout(60)
class ClusterInfoEndpointsSimTest {
  private static final Duration FLOOD = Duration.ofMillis(200);

  @Test
  void endpointsTravelInMsasAndFindTheirNodes() {
    SimMesh m = SimMesh.of(5, 41);
    ClusterInfo c1 = m.node("n1").cluster();
    ClusterInfo c0 = m.node("n0").cluster();
    c1.setEndpoint("203.0.113.7:7000");
    m.node("n2").cluster().setEndpoint("203.0.113.7:7001");
    m.node("n3").cluster().setEndpoint("198.51.100.9:7000");
    c0.setEndpoint("203.0.113.7:7002");
    assertThat(m.sim.runUntil(() -> "198.51.100.9:7000".equals(c0.endpoint("n3"))
        && "203.0.113.7:7000".equals(c0.endpoint("n1")) && "203.0.113.7:7001".equals(c0.endpoint("n2")),
        FLOOD)).isTrue();
    assertThat(c1.endpoint()).isEqualTo("203.0.113.7:7000");
    assertThat(c0.endpoint("n4")).isNull();
    assertThat(c0.nodeByEndpoint("203.0.113.7:7001")).contains("n2");
    assertThat(c0.nodeByEndpoint("203.0.113.7:7002")).contains("n0");
    assertThat(c0.nodeByEndpoint("192.0.2.1:1")).isEmpty();
    assertThat(c0.nodesWithDifferentPublicAddress()).containsExactly("n3");

    // the mesh endpoint is the address the node listens on, and finds the node back
    String mesh4 = c0.meshEndpoint("n4");
    assertThat(mesh4).isEqualTo(m.node("n4").cluster().meshEndpoint())
        .endsWith(":" + m.node("n4").listenAddress().getPort());
    assertThat(c0.nodeByMeshEndpoint(mesh4)).contains("n4");
    assertThat(c0.meshEndpoint("nobody")).isNull();

    assertThatThrownBy(() -> c0.setEndpoint("no-port")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> c0.setEndpoint("h:99999")).hasMessageContaining("outside 1-65535");
    c1.setEndpoint(null);
    assertThat(m.sim.runUntil(() -> c0.endpoint("n1") == null, FLOOD)).isTrue();
  }

  @Test
  void nodeRecordNodeAddressesAndASiblingThatIsNeverSelf() {
    SimMesh m = SimMesh.of(5, 42);
    ClusterInfo c0 = m.node("n0").cluster();
    for (String n : List.of("n0", "n1", "n2")) {
      m.node(n).cluster().setNodeType("room");
    }
    m.node("n1").cluster().setNodeValue("ccu", 12);
    m.node("n1").cluster().setEndpoint("192.0.2.1:9000");
    m.node("n2").cluster().setStatus(NodeStatus.TAKEN);
    m.sim.runFor(FLOOD);

    Node n1 = c0.node("n1").orElseThrow();
    assertThat(n1).isEqualTo(new Node("n1", c0.meshEndpoint("n1"), "room", java.util.Map.of("ccu", 12),
        NodeStatus.ONLINE, "192.0.2.1:9000", false));
    assertThat(c0.node("n0").orElseThrow().self()).isTrue();
    assertThat(c0.node("nobody")).isEmpty();

    List<String> all = c0.nodeAddresses(List.of());
    assertThat(all).hasSize(5).contains(c0.meshEndpoint());
    assertThat(c0.nodeAddresses(List.of("n1", c0.meshEndpoint("n2"))))
        .hasSize(3).doesNotContain(c0.meshEndpoint("n1"), c0.meshEndpoint("n2"));

    // n2 is TAKEN, so n0's only sibling is n1; n1's are n0 only (n2 taken); never self
    Set<String> picked = new TreeSet<>();
    for (int i = 0; i < 40; i++) {
      picked.add(c0.siblingNode().orElseThrow());
    }
    assertThat(picked).containsExactly("n1");
    m.node("n1").cluster().setStatus(NodeStatus.OFFLINE);
    m.sim.runFor(FLOOD);
    assertThat(c0.siblingNode()).isEmpty();
    assertThat(m.node("n3").cluster().siblingNode()).as("n3 is the only default node online but itself")
        .contains("n4");
  }

  @Test
  void onUpdateFiresForAMetadataOnlyChangeButNotForSharedData() {
    SimMesh m = SimMesh.of(4, 43);
    ClusterInfo c0 = m.node("n0").cluster();
    List<Node> updates = new CopyOnWriteArrayList<>();
    c0.onUpdate(updates::add);
    m.sim.runFor(FLOOD);
    assertThat(updates).isEmpty();
    m.node("n3").cluster().setNodeValue("load", 7);
    assertThat(m.sim.runUntil(() -> !updates.isEmpty(), FLOOD)).isTrue();
    assertThat(updates.get(0).name()).isEqualTo("n3");
    assertThat(updates.get(0).values()).containsEntry("load", 7);
    int before = updates.size();
    m.node("n2").cluster().setSharedData("k", (short) 1);
    assertThat(m.sim.runUntil(() -> c0.sharedData("k").isPresent(), FLOOD)).isTrue();
    m.sim.runFor(FLOOD);
    assertThat(updates).hasSize(before);
  }

  @Test
  void markTakenIfFollowsTheConditionAndIsIgnoredWhileOffline() {
    SimMesh m = SimMesh.of(3, 44);
    ClusterInfo c1 = m.node("n1").cluster();
    ClusterInfo c0 = m.node("n0").cluster();
    AtomicBoolean full = new AtomicBoolean(true);
    var sub = c1.markTakenIf(full::get);
    m.sim.runFor(Duration.ofMillis(1900));
    assertThat(c1.status()).as("not checked before 2 s").isEqualTo(NodeStatus.ONLINE);
    assertThat(m.sim.runUntil(() -> c0.status("n1") == NodeStatus.TAKEN, Duration.ofMillis(400))).isTrue();
    full.set(false);
    assertThat(m.sim.runUntil(() -> c0.status("n1") == NodeStatus.ONLINE, Duration.ofMillis(2300))).isTrue();
    c1.setStatus(NodeStatus.OFFLINE);
    full.set(true);
    m.sim.runFor(Duration.ofSeconds(5));
    assertThat(c1.status()).isEqualTo(NodeStatus.OFFLINE);
    c1.setStatus(NodeStatus.ONLINE);
    sub.close();
    m.sim.runFor(Duration.ofSeconds(5));
    assertThat(c1.status()).as("closed: no longer applied").isEqualTo(NodeStatus.ONLINE);
  }

  @Test
  void waitForLatestNodeDataReturnsAfterTwoRoundsOfEveryNode() {
    SimMesh m = SimMesh.of(4, 45);
    ClusterInfo c0 = m.node("n0").cluster();
    long start = m.sim.nanoTime();
    CompletableFuture<Boolean> f = c0.waitForLatestNodeDataAsync(Duration.ofSeconds(60));
    m.sim.runFor(Duration.ofSeconds(5));
    assertThat(f).as("one MSA period is 10 s: two rounds are not over in 5 s").isNotDone();
    assertThat(m.await(f, Duration.ofSeconds(30))).isTrue();
    assertThat(f.join()).isTrue();
    double seconds = (m.sim.nanoTime() - start) / 1e9;
    assertThat(seconds).isBetween(10.0, 21.0);

    CompletableFuture<Boolean> short1 = c0.waitForLatestNodeDataAsync(Duration.ofSeconds(1));
    assertThat(m.await(short1, Duration.ofSeconds(3))).isTrue();
    assertThat(short1.join()).as("times out").isFalse();
    assertThatThrownBy(() -> c0.waitForLatestNodeData(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeMarksTheNodeOfflineAndTheMeshSeesItBeforeItLeaves() {
    SimMesh m = SimMesh.of(5, 46);
    List<NodeStatus> seen = new CopyOnWriteArrayList<>();
    for (String n : List.of("n0", "n1")) {
      m.node(n).cluster().onUpdate(node -> {
        if (node.name().equals("n4")) {
          seen.add(node.status());
        }
      });
    }
    long msasBefore = m.node("n4").stats().get(io.meshage.Counter.MSA_ORIGINATED);
    m.node("n4").close();
    assertThat(m.node("n4").cluster().status()).isEqualTo(NodeStatus.OFFLINE);
    assertThat(m.sim.runUntil(() -> seen.size() == 2, FLOOD)).as("both saw n4 OFFLINE").isTrue();
    assertThat(seen).containsOnly(NodeStatus.OFFLINE);
    // the OFFLINE one at once (not rate limited, not twice), then the last one with the BYE mark;
    // one MSA carries both when the close comes while the OFFLINE one still waits for the rate limit
    assertThat(m.node("n4").stats().get(io.meshage.Counter.MSA_ORIGINATED)).isBetween(msasBefore + 1, msasBefore + 2);
  }
}
