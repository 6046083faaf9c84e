package io.meshage.sim;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hundreds of nodes on the simulator: formation, crashes, cut links and restarts. */
@Timeout(120)
class SimulationConvergenceTest {
  private static MeshConfig cfg(String name) {
    return MeshConfig.builder(name).degree(3).discoveryPort(9000)
        .broadcastAddress("127.255.255.255").msaPeriod(Duration.ofSeconds(10)).build();
  }

  @Test
  void twoHundredNodesConvergeAndHealAfterFailures() {
    long seed = Seeds.forTest();
    Simulation sim = new Simulation(seed);
    Random r = new Random(seed);
    int n = 200;
    for (int i = 0; i < n; i++) {
      sim.engine().addNodeLater(cfg(String.format("n%03d", i)), Duration.ofMillis(r.nextInt(5000)));
    }
    long wall = System.nanoTime();
    sim.runFor(Duration.ofMillis(5001));
    boolean ok = sim.runUntil(() -> Truth.converged(sim) && sim.node("n000").mesh().size() == n,
        Duration.ofMillis(200), Duration.ofSeconds(60));
    assertThat(ok).as("seed %d: %s; n000 sees %d nodes; %s", seed, Truth.firstDifference(sim),
        sim.node("n000").mesh().size(), Truth.parts(sim)).isTrue();
    System.out.printf("seed %d: 200 nodes converged at %s virtual, %d ms wall, %d events%n",
        seed, sim.elapsed(), (System.nanoTime() - wall) / 1_000_000, sim.eventsRun());
    long steady = System.nanoTime();
    sim.runFor(Duration.ofMinutes(1));
    long steadyMillis = (System.nanoTime() - steady) / 1_000_000;
    System.out.printf("seed %d: one simulated minute of 200 nodes took %d ms wall%n", seed, steadyMillis);
    assertThat(Truth.converged(sim)).as("seed %d: still converged after a minute", seed).isTrue();
    Map<String, Set<String>> truth = Truth.twoWay(sim.trueTopology());
    truth.values().forEach(s -> assertThat(s.size()).isLessThanOrEqualTo(3));

    List<String> names = new ArrayList<>(sim.liveNodes());
    java.util.Collections.shuffle(names, r);
    for (String k : names.subList(0, 20)) {
      sim.kill(k);
    }
    int cut = 0;
    for (String a : names.subList(20, names.size())) {
      for (String b : sim.node(a).neighbors()) {
        if (cut < 5 && sim.liveNodes().contains(b) && sim.cut(a, b)) {
          cut++;
        }
      }
    }
    assertThat(cut).isEqualTo(5);
    for (String k : names.subList(0, 3)) {
      sim.restart(k);
    }
    String probe = names.get(names.size() - 1);
    ok = sim.runUntil(() -> Truth.converged(sim) && sim.node(probe).mesh().size() == 183,
        Duration.ofMillis(200), Duration.ofSeconds(60));
    assertThat(ok).as("seed %d after failures: %s", seed, Truth.firstDifference(sim)).isTrue();
    System.out.printf("seed %d: healed at %s virtual; msa sent %d, originated %d%n",
        seed, sim.elapsed(), sim.total(Counter.MSA_SENT), sim.total(Counter.MSA_ORIGINATED));
  }
}
