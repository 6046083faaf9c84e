package io.meshage.sim;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 30: a neighbour hung up by hand is not linked again automatically during the hold-down. */
@Timeout(60)
class HangupHoldDownSimTest {

  private static Simulation formed(Duration holdDown) {
    Simulation sim = new Simulation(Seeds.scenario(30));
    for (int i = 0; i < 5; i++) {
      sim.addNode(MeshConfig.builder("h" + i).degree(2).discoveryPort(9000).broadcastAddress("127.255.255.255")
          .hangupHoldDown(holdDown).build());
    }
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("h0").mesh().size() == 5,
        Duration.ofMillis(50), Duration.ofSeconds(30))).isTrue();
    return sim;
  }

  /** Hangs up h0's first neighbour; returns whether it was linked again within {@code within}. */
  private static boolean relinked(Simulation sim, Duration within) {
    MeshNode h0 = sim.node("h0");
    String peer = h0.neighbors().iterator().next();
    assertThat(h0.hangup(peer)).isTrue();
    return sim.runUntil(() -> h0.neighbors().contains(peer), Duration.ofMillis(20), within);
  }

  @Test
  void withoutAHoldDownTheHangupIsUndoneAtOnce() {
    Simulation sim = formed(Duration.ZERO);
    assertThat(relinked(sim, Duration.ofSeconds(10))).as("the issue's observation").isTrue();
  }

  @Test
  void theDefaultHoldDownKeepsTheHangupAndTheMeshHeals() {
    Simulation sim = formed(MeshConfig.builder("x").build().hangupHoldDown());
    assertThat(relinked(sim, Duration.ofSeconds(30))).isFalse();
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("h0").mesh().size() == 5,
        Duration.ofMillis(50), Duration.ofSeconds(10))).as(Truth.parts(sim)).isTrue();
  }
}
