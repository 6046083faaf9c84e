package io.meshage.command;

import io.meshage.sim.SimCores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cluster information on the simulator: types, values, status and shared data in MSAs. */
@Timeout(60)
class ClusterInfoSimTest {
  /** One MSA flood across a small mesh: a few link delays plus the MSA rate limit. */
  private static final Duration FLOOD = Duration.ofMillis(200);

  private static boolean everywhere(SimMesh m, java.util.function.Predicate<ClusterInfo> p) {
    for (String n : m.sim.liveNodes()) {
      if (!p.test(m.node(n).cluster())) {
        return false;
      }
    }
    return true;
  }

  @Test
  void typeValuesAndStatusAreVisibleEverywhereAfterOneFlood() {
    SimMesh m = SimMesh.of(8, 21);
    m.names.forEach(n -> m.node(n).cluster());
    ClusterInfo c = m.node("n2").cluster();
    c.setNodeType("match");
    c.setNodeValue("region", "eu");
    c.setNodeValue("ccu", 1234);
    c.setNodeValue("tags", List.of("a", "b"));
    c.setStatus(NodeStatus.TAKEN);
    assertThat(c.nodeType()).isEqualTo("match");
    long start = m.sim.nanoTime();
    boolean ok = m.sim.runUntil(() -> everywhere(m, x -> "match".equals(x.nodeType("n2"))
        && x.status("n2") == NodeStatus.TAKEN && Integer.valueOf(1234).equals(x.nodeValue("n2", "ccu"))),
        FLOOD);
    assertThat(ok).isTrue();
    System.out.printf("cluster info of n2 seen by all 8 nodes after %.1f ms virtual%n",
        (m.sim.nanoTime() - start) / 1e6);
    ClusterInfo far = m.node("n7").cluster();
    assertThat(far.nodeValues("n2")).containsEntry("region", "eu").containsEntry("ccu", 1234)
        .containsEntry("tags", List.of("a", "b"));
    assertThat(far.nodeType("n5")).isEqualTo(ClusterInfo.DEFAULT_TYPE);
    assertThat(far.status("n5")).isEqualTo(NodeStatus.ONLINE);
    assertThat(far.status("nobody")).isNull();

    c.setNodeValue("region", null);
    m.sim.runFor(FLOOD);
    assertThat(far.nodeValues("n2")).doesNotContainKey("region");
  }

  @Test
  void nodesByTypeIncludesOfflineAndTakenButRandomNodeByTypeDoesNot() {
    SimMesh m = SimMesh.of(6, 22);
    for (String n : List.of("n1", "n2", "n3", "n4")) {
      m.node(n).cluster().setNodeType("room");
    }
    m.node("n1").cluster().setStatus(NodeStatus.OFFLINE);
    m.node("n2").cluster().setStatus(NodeStatus.TAKEN);
    m.sim.runFor(FLOOD);
    ClusterInfo c = m.node("n0").cluster();
    assertThat(c.nodesByType("room")).containsExactly("n1", "n2", "n3", "n4");
    Set<String> picked = new TreeSet<>();
    for (int i = 0; i < 50; i++) {
      picked.add(c.randomNodeByType("room").orElseThrow());
    }
    assertThat(picked).containsExactlyInAnyOrder("n3", "n4");
    assertThat(c.randomNodeByType("lobby")).isEmpty();
    assertThat(c.nodeTypes()).contains("room", ClusterInfo.DEFAULT_TYPE);
  }

  @Test
  void concurrentSharedDataWritesConvergeToOneValueEverywhere() {
    SimMesh m = SimMesh.of(10, 23);
    m.names.forEach(n -> m.node(n).cluster());
    // Same moment, same stamp (1): the greater writer name wins, so n9's value.
    m.node("n0").cluster().setSharedData("level", (short) 1);
    m.node("n9").cluster().setSharedData("level", (short) 2);
    m.node("n4").cluster().setSharedData("level", (short) 3);
    boolean ok = m.sim.runUntil(
        () -> everywhere(m, x -> x.sharedData("level").equals(Optional.of((short) 2))), FLOOD);
    assertThat(ok).isTrue();
    // A later write (higher stamp) from the "smallest" name wins over all of them.
    m.node("n0").cluster().setSharedData("level", (short) 7);
    ok = m.sim.runUntil(
        () -> everywhere(m, x -> x.sharedData("level").equals(Optional.of((short) 7))), FLOOD);
    assertThat(ok).isTrue();
    m.sim.runFor(Duration.ofSeconds(2));
    assertThat(everywhere(m, x -> x.sharedData("level").equals(Optional.of((short) 7)))).isTrue();
  }

  @Test
  void metadataIsLimitedInUtf8BytesAndMustBeValidUnicode() {
    SimMesh m = SimMesh.of(2, 25);
    ClusterInfo c = m.node("n0").cluster();
    // 3,000 characters but 6,000 bytes: more than an MSA string holds
    assertThatThrownBy(() -> c.setNodeType("\u00e9".repeat(3000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes in UTF-8");
    assertThatThrownBy(() -> c.setNodeValue("bad\uD800", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> c.setSharedData("k\uDC00", (short) 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
    c.setNodeType("sall\u00e9");
    m.sim.runFor(FLOOD);
    assertThat(m.node("n1").cluster().nodeType("n0")).isEqualTo("sall\u00e9");
  }

  @Test
  void sharedDataCallbacksRemovalAndLimits() {
    SimMesh m = SimMesh.of(5, 24);
    List<String> events = new ArrayList<>();
    ClusterInfo watcher = m.node("n4").cluster();
    watcher.onSharedDataUpdate((k, v) -> events.add(k + "=" + v));
    watcher.onSharedDataRemove(k -> events.add(k + " removed"));
    ClusterInfo c = m.node("n1").cluster();
    for (int i = 0; i < ClusterInfo.MAX_SHARED_KEYS; i++) {
      c.setSharedData("k" + i, (short) i);
    }
    assertThatThrownBy(() -> c.setSharedData("k10", (short) 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10");
    assertThatThrownBy(() -> c.setSharedData("x".repeat(55), (short) 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("54");
    m.sim.runFor(FLOOD);
    assertThat(watcher.sharedData()).hasSize(10).containsEntry("k3", (short) 3);
    assertThat(events).contains("k0=0", "k9=9");
    assertThat(c.removeSharedData("k0")).isTrue();
    assertThat(c.removeSharedData("k0")).isFalse();
    String longest = "y".repeat(ClusterInfo.MAX_SHARED_KEY_LENGTH);
    c.setSharedData(longest, (short) 10);
    assertThatThrownBy(() -> c.setSharedData("k10", (short) 1))
        .isInstanceOf(IllegalArgumentException.class);
    m.sim.runFor(FLOOD);
    assertThat(watcher.sharedData("k0")).isEmpty();
    assertThat(watcher.sharedData(longest)).contains((short) 10);
    assertThat(events).contains("k0 removed", longest + "=10");
  }

  @Test
  void sharedDataOutlivesItsWriterAndReachesLateJoiners() {
    SimMesh m = SimMesh.of(6, 25);
    m.names.forEach(n -> m.node(n).cluster());
    m.node("n5").cluster().setSharedData("season", (short) 3);
    m.sim.runFor(FLOOD);
    m.sim.kill("n5");
    m.sim.runFor(Duration.ofSeconds(40)); // n5's MSA ages out (3 x msaPeriod of 10 s)
    assertThat(SimCores.core(m.sim, "n0").msas()).doesNotContainKey("n5");
    m.sim.addNode(SimMesh.config("late"));
    boolean ok = m.sim.runUntil(
        () -> m.node("late").cluster().sharedData("season").equals(Optional.of((short) 3)),
        Duration.ofMillis(50), Duration.ofSeconds(10));
    assertThat(ok).isTrue();
  }

  @Test
  void onReadyRegisteredBeforeTheMeshFormsRunsOnceWhenTheNodeHoldsTheMeshState() {
    io.meshage.sim.Simulation sim = new io.meshage.sim.Simulation(27);
    java.util.Map<String, List<String>> calls = new java.util.TreeMap<>();
    for (int i = 0; i < 4; i++) {
      io.meshage.MeshNode n = sim.addNode(SimMesh.config("n" + i));
      List<String> l = new ArrayList<>();
      calls.put(n.name(), l);
      n.cluster().onReady(() -> {
        Set<String> reach = n.broadcastRecipients();
        boolean holdsAll = !reach.isEmpty() && SimCores.core(sim, n.name()).msas().keySet().containsAll(reach);
        l.add("ready=" + n.cluster().isReady() + " holds every reachable MSA=" + holdsAll);
      });
      assertThat(n.cluster().isReady()).as("a node alone is not ready").isFalse();
    }
    assertThat(calls.values()).allMatch(List::isEmpty);
    boolean ok = sim.runUntil(
        () -> calls.values().stream().noneMatch(List::isEmpty)
            && sim.liveNodes().stream().map(sim::node).toList().stream().allMatch(x -> x.broadcastRecipients().size() == 3),
        Duration.ofMillis(10), Duration.ofSeconds(10));
    assertThat(ok).as("calls %s", calls).isTrue();
    sim.runFor(Duration.ofSeconds(2));
    calls.forEach((n, l) -> assertThat(l).as("onReady of %s", n)
        .containsExactly("ready=true holds every reachable MSA=true"));
  }

  @Test
  void onReadyRegisteredWhenAlreadyReadyRunsAtOnce() {
    SimMesh m = SimMesh.of(3, 26);
    List<String> ready = new ArrayList<>();
    m.node("n1").cluster().onReady(() -> ready.add("n1"));
    m.sim.runFor(Duration.ofMillis(10));
    assertThat(ready).containsExactly("n1");
    assertThat(m.node("n1").cluster().isReady()).isTrue();
  }
}
