package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Delivery;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SimulationBasicsTest {
  static MeshConfig cfg(String name, int degree) {
    return MeshConfig.builder(name).degree(degree).discoveryPort(9000)
        .broadcastAddress("127.255.255.255").build();
  }

  /**
   * Nodes started together fill their degree fast and used to settle into separate full cliques
   * (two K4s of degree 3); the last free slot kept for outsiders and the rewiring of full parts
   * must join them every time, without any node exceeding its degree.
   */
  @Test
  void simultaneousStartsAlwaysEndInOneMesh() {
    for (long seed = 0; seed < 40; seed++) {
      Simulation sim = new Simulation(seed);
      int n = 4 + (int) (seed % 9);
      int degree = 2 + (int) (seed % 2);
      for (int i = 0; i < n; i++) {
        sim.addNode(cfg("s" + i, degree));
      }
      long s = seed;
      boolean ok = sim.runUntil(() -> Truth.converged(sim) && sim.node("s0").mesh().size() == n,
          Duration.ofMillis(100), Duration.ofSeconds(60));
      assertThat(ok).as("seed %d, %d nodes of degree %d: %s", s, n, degree, Truth.parts(sim)).isTrue();
      Truth.twoWay(sim.trueTopology()).values()
          .forEach(links -> assertThat(links.size()).isLessThanOrEqualTo(degree));
    }
  }

  /**
   * Beacons that arrive at one moment are delivered by one event, in a random order drawn from
   * the seed: a seed replays the run (links, events, refusals), and another seed gives another.
   */
  @Test
  void beaconsOfOneMomentReplayBySeed() {
    String[] a = formTogether(7);
    assertThat(formTogether(7)).isEqualTo(a);
    assertThat(formTogether(8)).isNotEqualTo(a);
  }

  /** 40 nodes started at once: their links, the events run and the dials refused, after 2 s. */
  private static String[] formTogether(long seed) {
    Simulation sim = new Simulation(seed);
    for (int i = 0; i < 40; i++) {
      sim.addNode(cfg(String.format("t%02d", i), 3));
    }
    sim.runFor(Duration.ofSeconds(2));
    return new String[] {
      sim.trueTopology().toString(), Long.toString(sim.eventsRun()),
      Long.toString(sim.total(io.meshage.Counter.HANDSHAKE_REFUSED))
    };
  }

  @Test
  void fiveNodesFindEachOtherAndDeliver() {
    long seed = 42;
    Simulation sim = new Simulation(seed);
    for (int i = 0; i < 5; i++) {
      sim.addNode(cfg("n" + i, 2));
    }
    boolean ok = sim.runUntil(() -> Truth.converged(sim) && sim.node("n0").mesh().size() == 5,
        Duration.ofMillis(10), Duration.ofSeconds(10));
    assertThat(ok).as("seed %d: %s", seed, Truth.firstDifference(sim)).isTrue();
    MeshNode n0 = sim.node("n0");
    CompletableFuture<Delivery> f = n0.setAsync(List.of("n3", "n4"), "hello");
    CompletableFuture<Delivery> b = n0.broadcastAsync("all");
    assertThat(sim.runUntil(() -> f.isDone() && b.isDone(), Duration.ofSeconds(5))).isTrue();
    assertThat(f.join().delivered()).containsExactlyInAnyOrder("n3", "n4");
    assertThat(b.join().delivered()).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
  }
}
