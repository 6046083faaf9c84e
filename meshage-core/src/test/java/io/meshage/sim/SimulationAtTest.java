package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness's own steps: {@link Simulation#at} drives a crash and a restart at set virtual times. */
@Timeout(30)
class SimulationAtTest {
  @Test
  void stepsGivenToAtRunAtTheirVirtualTimesDuringARun() {
    Simulation sim = new Simulation(Seeds.scenario(43));
    for (int i = 0; i < 6; i++) {
      sim.addNode(SimulationBasicsTest.cfg("n" + i, 3));
    }
    List<String> log = new ArrayList<>();
    sim.at(Duration.ofSeconds(3), () -> {
      sim.kill("n2");
      log.add("kill at " + sim.elapsed());
    });
    sim.at(Duration.ofSeconds(8), () -> log.add("restart at " + sim.elapsed() + " of " + sim.restart("n2").name()));
    sim.runFor(Duration.ofSeconds(5));
    assertThat(log).containsExactly("kill at PT3S");
    assertThat(sim.liveNodes()).doesNotContain("n2");
    assertThat(sim.runUntil(() -> sim.node("n0").mesh().size() == 5, Duration.ofSeconds(2))).isTrue();
    assertThat(sim.runUntil(() -> sim.oneMesh() && sim.node("n0").mesh().size() == 6, Duration.ofSeconds(10)))
        .as("seed %d: %s", sim.seed(), sim.trueTopology()).isTrue();
    assertThat(log).containsExactly("kill at PT3S", "restart at PT8S of n2");
  }
}
