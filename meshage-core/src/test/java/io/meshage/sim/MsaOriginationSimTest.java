package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.Seeds;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When a node announces a change: a single tag change after a quiet period goes out at once (it
 * reaches the neighbour after the link's delay and nothing more), while a flood of changes is
 * bounded by the MSA rate limit (a burst, then one per 50 ms) and its last value still arrives.
 */
@Timeout(60)
class MsaOriginationSimTest {
  private static final Duration LINK = Duration.ofMillis(1);

  private static MeshConfig cfg(String name) {
    return MeshConfig.builder(name).degree(0).msaPeriod(Duration.ofSeconds(30)).build();
  }

  @Test
  void aChangeAfterAQuietPeriodGoesOutAtOnceAndAFloodIsRateBound() {
    long seed = Seeds.scenario(38);
    Simulation sim = new Simulation(seed).defaultDelay(LINK);
    MeshNode a = sim.addNode(cfg("a"));
    MeshNode b = sim.addNode(cfg("b"));
    a.dialAsync(b.listenAddress());
    assertThat(sim.runUntil(() -> a.mesh().size() == 2 && b.mesh().size() == 2, Duration.ofSeconds(5)))
        .as("seed %d", seed).isTrue();
    sim.runFor(Duration.ofSeconds(2));

    for (int round = 0; round < 3; round++) {
      String value = "quiet-" + round;
      long t0 = sim.nanoTime();
      a.setTag("k", value);
      assertThat(sim.runUntil(() -> value.equals(b.tagsOf("a").get("k")), Duration.ofSeconds(1))).isTrue();
      assertThat(sim.nanoTime() - t0).as("seed %d: round %d, from the change to the neighbour's view", seed, round)
          .isLessThanOrEqualTo(LINK.toNanos());
      sim.runFor(Duration.ofSeconds(1));
    }

    // A change every millisecond for a second: the rate bound spaces the MSAs, the last value arrives.
    long originated = a.stats().get(Counter.MSA_ORIGINATED);
    for (int i = 0; i < 1000; i++) {
      a.setTag("k", "flood-" + i);
      sim.runFor(Duration.ofMillis(1));
    }
    long flood = a.stats().get(Counter.MSA_ORIGINATED) - originated;
    assertThat(flood).as("seed %d: MSAs for 1000 changes in a second", seed).isBetween(20L, 8L + 20L + 1L);
    assertThat(sim.runUntil(() -> "flood-999".equals(b.tagsOf("a").get("k")), Duration.ofMillis(100)))
        .as("seed %d: the last value within one rate interval", seed).isTrue();

    // Quiet again for a second: the next single change goes out at once again.
    sim.runFor(Duration.ofSeconds(1));
    long t0 = sim.nanoTime();
    a.setTag("k", "after-the-flood");
    assertThat(sim.runUntil(() -> "after-the-flood".equals(b.tagsOf("a").get("k")), Duration.ofSeconds(1))).isTrue();
    assertThat(sim.nanoTime() - t0).as("seed %d: after the flood and a quiet second", seed)
        .isLessThanOrEqualTo(LINK.toNanos());
  }
}
