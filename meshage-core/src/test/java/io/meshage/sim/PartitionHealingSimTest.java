package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.MeshConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 30: a node or a part that regains connectivity after an isolation or a partition of any
 * length up to 60 s is back in every view within 1 s, over a sweep of seeds and cut lengths; and
 * while cut off, broadcast traffic stays bounded (one short-period beacon stream per part).
 */
@Timeout(300)
class PartitionHealingSimTest {
  private static final int NODES = 12;
  private static final long[] SEEDS = {1, 2, 3};
  private static final int[] CUT_SECONDS = {2, 5, 15, 30, 60};

  private static Simulation formed(long seed) {
    Simulation sim = new Simulation(seed);
    for (int i = 0; i < NODES; i++) {
      sim.addNode(MeshConfig.builder(String.format("p%02d", i)).degree(3).discoveryPort(9000)
          .broadcastAddress("127.255.255.255").build());
    }
    assertThat(sim.runUntil(() -> sim.oneMesh() && Truth.converged(sim), Duration.ofMillis(50),
        Duration.ofSeconds(30))).as("seed %d formed", seed).isTrue();
    sim.runFor(Duration.ofSeconds(10)); // settled: beacons backed off to their longest period
    return sim;
  }

  /** Cuts {@code side} off for {@code seconds}, heals, and returns the time until every view is whole again. */
  private static Duration cutAndHeal(Simulation sim, List<String> side, int seconds, long[] beaconsWhileCut) {
    sim.partition(side);
    sim.runFor(Duration.ofSeconds(Math.min(seconds, 5))); // past the keepalive timeout: the cross links are gone
    if (seconds > 5) {
      long beacons = sim.total(Counter.BEACONS_SENT);
      sim.runFor(Duration.ofSeconds(seconds - 5));
      beaconsWhileCut[0] = Math.max(beaconsWhileCut[0], (sim.total(Counter.BEACONS_SENT) - beacons) / (seconds - 5));
    }
    sim.heal();
    long healedAt = sim.nanoTime();
    assertThat(sim.runUntil(() -> sim.oneMesh() && Truth.converged(sim), Duration.ofMillis(10),
        Duration.ofSeconds(30))).as(Truth.parts(sim)).isTrue();
    return Duration.ofNanos(sim.nanoTime() - healedAt);
  }

  @Test
  void everyViewIsWholeWithinASecondAfterCutsOfUpToSixtySeconds() {
    Duration worst = Duration.ZERO;
    long[] beaconRate = {0};
    List<String> results = new ArrayList<>();
    for (long seed : SEEDS) {
      for (int seconds : CUT_SECONDS) {
        for (boolean half : new boolean[] {false, true}) {
          Simulation sim = formed(seed);
          List<String> names = new ArrayList<>(sim.liveNodes());
          Collections.shuffle(names, new Random(seed * 100 + seconds));
          List<String> side = half ? names.subList(0, NODES / 2) : names.subList(0, 1);
          Duration took = cutAndHeal(sim, side, seconds, beaconRate);
          results.add(String.format("seed %d %s %ds: %d ms", seed, half ? "half" : "one", seconds, took.toMillis()));
          if (took.compareTo(worst) > 0) {
            worst = took;
          }
        }
      }
    }
    System.out.println("partition healing: worst " + worst.toMillis() + " ms; at most " + beaconRate[0]
        + " beacons/s while cut off; " + results);
    assertThat(worst).as("%s", results).isLessThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(beaconRate[0]).as("beacons per second over all %d nodes while cut off", NODES).isLessThanOrEqualTo(8);
  }
}
