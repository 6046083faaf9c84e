package io.meshage.sim;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MembershipEvent;
import io.meshage.MembershipEvent.Type;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Typed membership events as one node sees a mesh change: joins, tags, a BYE, a crash. */
@Timeout(60)
class SimulationMembershipEventsTest {
  private static MeshConfig cfg(String name) {
    return MeshConfig.builder(name).degree(0).msaPeriod(Duration.ofSeconds(2)).build();
  }

  private static boolean seen(List<MembershipEvent> events, Type type, String node) {
    return events.stream().anyMatch(e -> e.type() == type && e.node().equals(node));
  }

  @Test
  void joinedUpdatedLeftFailedAndLinksAreTypedWithReasons() {
    Simulation sim = new Simulation(Seeds.scenario(11));
    for (String n : List.of("a", "b", "c", "d")) {
      sim.addNode(cfg(n));
    }
    MeshNode a = sim.node("a");
    List<MembershipEvent> events = new CopyOnWriteArrayList<>();
    a.onMembership(events::add);
    sim.runFor(Duration.ofMillis(10));
    // a - b, b - c, b - d: a's only neighbour is b
    a.dialAsync(sim.node("b").listenAddress());
    sim.node("b").dialAsync(sim.node("c").listenAddress());
    sim.node("b").dialAsync(sim.node("d").listenAddress());
    assertThat(sim.runUntil(() -> a.mesh().size() == 4, Duration.ofSeconds(5))).isTrue();
    assertThat(sim.runUntil(() -> seen(events, Type.JOINED, "d"), Duration.ofSeconds(1))).isTrue();
    assertThat(events).filteredOn(e -> e.type() == Type.JOINED).extracting(MembershipEvent::node)
        .containsExactlyInAnyOrder("b", "c", "d");
    assertThat(events).filteredOn(e -> e.type() == Type.LINK_UP).extracting(MembershipEvent::node)
        .containsExactly("b");

    sim.node("d").setTag("role", "web");
    assertThat(sim.runUntil(() -> seen(events, Type.UPDATED, "d"), Duration.ofSeconds(2))).isTrue();
    MembershipEvent updated = events.stream().filter(e -> e.type() == Type.UPDATED).findFirst().orElseThrow();
    assertThat(updated.tags()).isEqualTo(Map.of("role", "web"));
    assertThat(updated.reason()).isEqualTo("changed tag role");
    assertThat(a.tagsOf("d")).isEqualTo(Map.of("role", "web"));

    sim.node("c").close();
    assertThat(sim.runUntil(() -> seen(events, Type.LEFT, "c"), Duration.ofSeconds(2))).isTrue();
    // close() marks the node OFFLINE (an update the mesh sees before the BYE), then it leaves
    assertThat(events.stream().filter(e -> e.node().equals("c")).map(MembershipEvent::type))
        .containsExactly(Type.JOINED, Type.UPDATED, Type.LEFT);

    sim.kill("b");
    assertThat(sim.runUntil(() -> seen(events, Type.FAILED, "d"), Duration.ofSeconds(5))).isTrue();
    assertThat(seen(events, Type.FAILED, "b")).isTrue();
    MembershipEvent linkDown = events.stream().filter(e -> e.type() == Type.LINK_DOWN).findFirst().orElseThrow();
    assertThat(linkDown.node()).isEqualTo("b");
    assertThat(linkDown.reason()).isNotEmpty();
    MembershipEvent failedB =
        events.stream().filter(e -> e.type() == Type.FAILED && e.node().equals("b")).findFirst().orElseThrow();
    assertThat(failedB.reason()).startsWith("link down: ");
    assertThat(events.indexOf(linkDown)).isLessThan(events.indexOf(failedB));
    assertThat(seen(events, Type.LEFT, "b")).isFalse();
  }

  @Test
  void aListenerStopsHearingWhenClosedAndABadTagIsRefusedWithTheRule() {
    Simulation sim = new Simulation(Seeds.scenario(12));
    MeshNode a = sim.addNode(cfg("a"));
    MeshNode b = sim.addNode(cfg("b"));
    List<MembershipEvent> events = new CopyOnWriteArrayList<>();
    a.onMembership(events::add).close();
    a.dialAsync(b.listenAddress());
    assertThat(sim.runUntil(() -> a.mesh().size() == 2, Duration.ofSeconds(5))).isTrue();
    sim.runFor(Duration.ofMillis(100));
    assertThat(events).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.setTag("rôle", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("A-Z, a-z, 0-9");
    a.setTag("rack", "r1");
    assertThat(a.tags()).isEqualTo(Map.of("rack", "r1"));
    a.setTag("rack", null);
    assertThat(a.tags()).isEmpty();
  }
}
