package io.meshage.sim;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Degree changes, ageing of silent origins, restarts and DOT on the simulator. */
@Timeout(60)
class SimulationMembershipTest {
  private static MeshConfig cfg(String name, int degree) {
    return MeshConfig.builder(name).degree(degree).discoveryPort(9000)
        .broadcastAddress("127.255.255.255").msaPeriod(Duration.ofSeconds(2)).build();
  }

  @Test
  void degreeUpSeeksAndDegreeDownShedsLinksKeepingTheMeshConnected() {
    Simulation sim = new Simulation(Seeds.scenario(3));
    for (int i = 0; i < 6; i++) {
      sim.addNode(cfg("d" + i, i == 0 ? 1 : 3));
    }
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("d0").mesh().size() == 6
        && sim.node("d0").neighbors().size() == 1,
        Duration.ofMillis(100), Duration.ofSeconds(30))).as(Truth.parts(sim)).isTrue();
    MeshNode d0 = sim.node("d0");
    int before = d0.neighbors().size();
    d0.setDegree(4);
    assertThat(sim.runUntil(() -> d0.neighbors().size() > before, Duration.ofMillis(50), Duration.ofSeconds(20)))
        .isTrue();
    int grown = d0.neighbors().size();
    assertThat(grown).isLessThanOrEqualTo(4);
    // Issue 30: lowering the degree sheds automatic links on cycles, one view at a time.
    d0.setDegree(1);
    assertThat(sim.runUntil(() -> d0.neighbors().size() == 1 && Truth.converged(sim) && d0.mesh().size() == 6,
        Duration.ofMillis(50), Duration.ofSeconds(10))).as("%s: %s", d0.neighbors(), Truth.parts(sim)).isTrue();
    assertThat(d0.degree()).isEqualTo(1);
    assertThat(d0.stats().get(io.meshage.Counter.LINKS_SHED)).isEqualTo(grown - 1);
    sim.runFor(Duration.ofSeconds(5));
    assertThat(d0.neighbors()).as("shed links stay shed").hasSize(1);
    assertThat(d0.mesh()).hasSize(6);
  }

  @Test
  void silentOriginsAgeOutAfterThreeMsaPeriodsAndRestartsAreSeenAtOnce() {
    Simulation sim = new Simulation(Seeds.scenario(4));
    for (String n : List.of("a", "b", "c")) {
      sim.addNode(MeshConfig.builder(n).degree(0).msaPeriod(Duration.ofSeconds(2)).build());
    }
    sim.node("a").dialAsync(sim.node("b").listenAddress());
    sim.node("b").dialAsync(sim.node("c").listenAddress());
    assertThat(sim.runUntil(() -> sim.node("a").mesh().size() == 3, Duration.ofSeconds(5))).isTrue();
    MeshNode a = sim.node("a");
    sim.partition(List.of("c"));
    assertThat(sim.runUntil(() -> !a.mesh().containsKey("c"), Duration.ofSeconds(5))).isTrue();
    long cutAt = sim.nanoTime();
    assertThat(sim.engine().core(a.name()).msas()).containsKey("c");
    assertThat(sim.runUntil(() -> !sim.engine().core(a.name()).msas().containsKey("c"), Duration.ofMillis(10), Duration.ofSeconds(20)))
        .isTrue();
    long agedMs = (sim.nanoTime() - cutAt) / 1_000_000;
    assertThat(agedMs).isBetween(4_000L, 8_500L);
    assertThat(a.stats().get(Counter.MSA_EXPIRED)).isEqualTo(1);

    sim.heal();
    long instance = sim.node("b").instance();
    MeshNode b2 = sim.restart("b");
    assertThat(b2.instance()).isGreaterThan(instance);
    b2.dialAsync(sim.node("c").listenAddress());
    a.dialAsync(b2.listenAddress());
    assertThat(sim.runUntil(() -> a.mesh().size() == 3 && sim.engine().core(a.name()).msas().get("b").instance() == b2.instance(),
        Duration.ofSeconds(2))).isTrue();
    assertThat(a.dot()).contains("\"b\"").contains("total=3").contains("red");
  }
}
