package io.meshage.sim;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.NamespaceKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Namespace keys on the simulator in wire mode: every frame of a keyed link is an AES-GCM record;
 * nodes with another key or none stay out; a rotation across a running mesh loses no message.
 */
@Timeout(60)
class SimulationKeysTest {
  private static final byte[] K1 = key(1);
  private static final byte[] K2 = key(2);

  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return k;
  }

  private static MeshConfig.Builder cfg(String name, int degree) {
    return MeshConfig.builder(name).degree(degree).discoveryPort(9000).broadcastAddress("127.255.255.255")
        .msaPeriod(Duration.ofSeconds(2));
  }

  @Test
  void onlyHoldersOfTheKeyJoinAndKeyedLinksCarryTraffic() {
    Simulation sim = new Simulation(Seeds.scenario(11)).wire(true);
    List<String> keyed = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      keyed.add("k" + i);
      sim.addNode(cfg("k" + i, 3).key(K1).build());
    }
    sim.addNode(cfg("wrong", 3).key(K2).build());
    sim.addNode(cfg("plain", 3).build());
    MeshNode k0 = sim.node("k0");
    assertThat(sim.runUntil(() -> keyed.stream().allMatch(n -> sim.node(n).mesh().keySet().equals(new java.util.HashSet<>(keyed))),
        Duration.ofMillis(50), Duration.ofSeconds(30))).isTrue();
    CompletableFuture<Delivery> b = k0.broadcastAsync("to the keyed");
    assertThat(sim.runUntil(b::isDone, Duration.ofSeconds(10))).isTrue();
    assertThat(b.join().delivered()).containsExactlyInAnyOrderElementsOf(keyed.subList(1, 8));
    assertThat(sim.node("wrong").neighbors()).isEmpty();
    assertThat(sim.node("plain").neighbors()).isEmpty();
    assertThat(sim.node("wrong").stats().get(Counter.BEACONS_BAD)).isPositive();
    CompletableFuture<String> dial = sim.node("wrong").dialAsync(k0.listenAddress());
    assertThat(sim.runUntil(dial::isDone, Duration.ofSeconds(5))).isTrue();
    assertThat(dial).isCompletedExceptionally();
    assertThat(dial.handle((v, e) -> e.getMessage()).join()).contains("does not hold namespace key " + NamespaceKeys.idOf(K2));
    CompletableFuture<String> plainDial = sim.node("plain").dialAsync(k0.listenAddress());
    assertThat(sim.runUntil(plainDial::isDone, Duration.ofSeconds(5))).isTrue();
    assertThat(plainDial.handle((v, e) -> e.getMessage()).join()).contains("requires a namespace key");
    for (String n : keyed) {
      assertThat(sim.node(n).stats().get(Counter.PROTOCOL_ERRORS)).as(n).isZero();
    }
  }

  @Test
  void rotationAcrossARunningMeshLosesNoMessage() {
    Simulation sim = new Simulation(Seeds.scenario(12)).wire(true);
    List<String> names = List.of("r0", "r1", "r2", "r3", "r4", "r5");
    for (String n : names) {
      sim.addNode(cfg(n, 2).key(K1).build());
    }
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("r0").mesh().size() == 6,
        Duration.ofMillis(50), Duration.ofSeconds(30))).isTrue();
    List<CompletableFuture<Delivery>> sent = new ArrayList<>();
    String id1 = NamespaceKeys.idOf(K1);
    String id2 = NamespaceKeys.idOf(K2);
    for (int step = 0; step < 40; step++) {
      sent.add(sim.node("r0").setAsync(List.of("r5"), "m" + step));
      switch (step) {
        case 10 -> names.forEach(n -> sim.node(n).keys().install(K2));
        case 20 -> names.forEach(n -> sim.node(n).keys().use(id2));
        case 30 -> names.forEach(n -> sim.node(n).keys().remove(id1));
        default -> { }
      }
      sim.runFor(Duration.ofMillis(20));
    }
    assertThat(sim.runUntil(() -> sent.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(30))).isTrue();
    assertThat(sent).allSatisfy(f -> assertThat(f.join().delivered()).containsExactly("r5"));
    // A link made after the rotation uses the new key (the old one is gone everywhere).
    String cutPeer = sim.node("r0").neighbors().iterator().next();
    assertThat(sim.cut("r0", cutPeer)).isTrue();
    assertThat(sim.runUntil(() -> sim.node("r0").neighbors().contains(cutPeer) || sim.node("r0").neighbors().size() == 2,
        Duration.ofMillis(50), Duration.ofSeconds(30))).isTrue();
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("r0").mesh().size() == 6,
        Duration.ofMillis(50), Duration.ofSeconds(30))).isTrue();
    sim.addNode(cfg("late", 0).key(K1).build());
    CompletableFuture<String> late = sim.node("late").dialAsync(sim.node("r0").listenAddress());
    assertThat(sim.runUntil(late::isDone, Duration.ofSeconds(5))).isTrue();
    assertThat(late.handle((v, e) -> e == null ? "linked" : e.getMessage()).join())
        .contains("does not hold namespace key " + id1);
    assertThat(sim.node("r0").stats().get(Counter.LINK_AUTH_FAILED)).isPositive();
    CompletableFuture<Delivery> after = sim.node("r0").setAsync(List.of("r5"), "after");
    assertThat(sim.runUntil(after::isDone, Duration.ofSeconds(10))).isTrue();
    assertThat(after.join().delivered()).containsExactly("r5");
    for (String n : names) {
      assertThat(sim.node(n).keys().describe()).containsExactly(id2 + " primary");
      assertThat(sim.node(n).stats().get(Counter.PROTOCOL_ERRORS)).as(n).isZero();
    }
  }
}
