package io.meshage.examples;

import io.meshage.MeshConfig;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.List;

/** "Simulate and inject failures": 200 nodes of the real node code on virtual time. */
public final class SimulationExample {
  private SimulationExample() {}

  /** Forms a 200-node mesh from {@code seed}, injects every kind of fault, and returns the simulation. */
  public static Simulation run(long seed) {
    // README:begin simulation
    Simulation sim = new Simulation(seed);
    sim.wire(true);     // every frame through the real codec, bytes counted
    for (int i = 1; i <= 200; i++) {
      sim.addNode(MeshConfig.builder("n" + i).degree(3).discoveryPort(9000).build());
    }
    sim.runUntil(() -> sim.node("n1").mesh().size() == 200, Duration.ofSeconds(60));
    sim.kill("n17"); sim.freeze("n18"); sim.restart("n19"); sim.cut("n3", "n4");
    sim.partition(List.of("n1", "n2")); sim.heal();
    sim.loss(0.05);     // TCP-like: lost frames arrive late (retransmitted)
    sim.drop(0.05);     // a broken link layer: lost for good (verdicts then say TIMEOUT)
    sim.duplicate("n7", "n8", 1.0);  // DATA frames n7 -> n8 arrive twice ("*" = any node); handled once
    sim.delay("n1", "n2", Duration.ofMillis(20));
    sim.faults("n5").duplicate(0.1).delay(Duration.ZERO, Duration.ofMillis(30)).block(List.of("n6"));
    sim.at(sim.elapsed().plusSeconds(2), () -> sim.restart("n17"));  // your own step at a virtual time
    // README:end
    sim.runFor(Duration.ofSeconds(5));
    return sim;
  }
}
