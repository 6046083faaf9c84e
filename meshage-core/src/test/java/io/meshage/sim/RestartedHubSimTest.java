package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hub that crashed and restarts a second later redials all its neighbours: every one accepts
 * the new instance, although some of them may still hold the old instance's MSA and see the name
 * reachable through a neighbour the new instance linked to first.
 */
@Timeout(60)
class RestartedHubSimTest {
  @Test
  void aRestartedHubIsAcceptedByEveryNeighbour() {
    for (long seed = 1; seed <= 12; seed++) {
      Simulation sim = new Simulation(4400 + seed);
      List<String> ring = List.of("r1", "r2", "r3", "r4", "r5", "r6");
      sim.addNode(MeshConfig.builder("hub").degree(0).discoveryPort(0).build());
      for (String r : ring) {
        sim.addNode(MeshConfig.builder(r).degree(0).discoveryPort(0).build());
      }
      for (int i = 0; i < ring.size(); i++) {
        sim.node(ring.get(i)).dialAsync(sim.node(ring.get((i + 1) % ring.size())).listenAddress());
        sim.node("hub").dialAsync(sim.node(ring.get(i)).listenAddress());
      }
      assertThat(sim.runUntil(() -> sim.node("hub").neighbors().size() == ring.size()
          && sim.node("r1").mesh().size() == 7, Duration.ofSeconds(10))).isTrue();
      sim.kill("hub");
      sim.runFor(Duration.ofMillis(500 * seed)); // 0.5 to 6 s after the crash
      MeshNode hub = sim.restart("hub");
      hub.dialAsync(sim.node("r1").listenAddress()); // one neighbour first: its MSA floods the new link
      sim.runFor(Duration.ofMillis(300));
      for (String r : ring.subList(1, ring.size())) {
        hub.dialAsync(sim.node(r).listenAddress());
      }
      long seedNow = seed;
      assertThat(sim.runUntil(() -> hub.neighbors().size() == ring.size(), Duration.ofSeconds(2)))
          .as("seed %d: the new hub linked to all six, refused %d times", seedNow,
              ring.stream().mapToLong(r -> sim.node(r).stats().get(Counter.HANDSHAKE_REFUSED)).sum())
          .isTrue();
    }
  }
}
