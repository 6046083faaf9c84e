package io.meshage.sim;

import io.meshage.internal.sim.MeshCheck;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checks keep the truth of the last check while no node's links change: at every simulated
 * millisecond through formation, a cut, a crash and a new node, they answer as checks computed
 * from scratch do.
 */
@Timeout(60)
class MeshCheckTest {
  @Test
  void keptTruthAnswersAsAFreshOneThroughCutsCrashesAndStarts() {
    Simulation sim = new Simulation(Seeds.scenario(5));
    for (int i = 0; i < 24; i++) {
      sim.engine().addNodeLater(SimulationBasicsTest.cfg(String.format("m%02d", i), 3), Duration.ofMillis(13L * i));
    }
    int[] agreedAt = {0};
    Runnable compare = () -> {
      Map<String, Set<String>> fresh = MeshCheck.twoWay(sim.engine());
      boolean agree = MeshCheck.viewsAgree(sim.engine(), fresh);
      assertThat(sim.viewsAgree()).as("views agree at %s", sim.elapsed()).isEqualTo(agree);
      boolean one = MeshCheck.components(fresh).size() == 1
          && sim.liveNodes().stream().map(sim::node).toList().stream().allMatch(n -> n.mesh().size() == fresh.size());
      assertThat(sim.oneMesh()).as("one mesh at %s", sim.elapsed()).isEqualTo(one);
      agreedAt[0] += agree ? 1 : 0;
    };
    Set<String> seen = new TreeSet<>();
    for (int ms = 0; ms < 3_000; ms++) {
      sim.runFor(Duration.ofMillis(1));
      compare.run();
      seen.add(sim.trueTopology().toString());
      if (ms == 1_000) {
        String a = "m05";
        sim.cut(a, sim.node(a).neighbors().iterator().next());
      } else if (ms == 1_500) {
        sim.kill("m07");
      } else if (ms == 2_000) {
        sim.addNode(SimulationBasicsTest.cfg("m99", 3));
      }
    }
    assertThat(seen).as("the true topology changed many times").hasSizeGreaterThan(20);
    assertThat(agreedAt[0]).as("the views agreed at some checks").isGreaterThan(100);
    assertThat(sim.viewsAgree()).isTrue();
    assertThat(sim.oneMesh()).isTrue();
  }
}
