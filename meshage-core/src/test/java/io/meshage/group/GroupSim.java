package io.meshage.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A converged simulated mesh n0..n(k-1) with the group layer attached on every node. The seed is
 * printed; {@code -Dmeshage.seed=S} replays a run.
 */
final class GroupSim {
  final Simulation sim;
  final long seed;
  final List<String> names = new ArrayList<>();

  private GroupSim(long seed) {
    this.seed = seed;
    this.sim = new Simulation(seed);
  }

  static long seed(long fallback) {
    long s = io.meshage.Seeds.seed("GroupSim/" + fallback);
    return s;
  }

  static GroupSim of(int n, long fallbackSeed, GroupConfig config) {
    GroupSim g = new GroupSim(seed(fallbackSeed));
    for (int i = 0; i < n; i++) {
      String name = "n" + i;
      g.names.add(name);
      g.sim.addNode(MeshConfig.builder(name).degree(3).discoveryPort(9000)
          .broadcastAddress("127.255.255.255").ackTimeout(Duration.ofSeconds(3)).build());
    }
    boolean ok = g.sim.runUntil(g::converged, Duration.ofMillis(50), Duration.ofSeconds(60));
    assertThat(ok).as("seed %d: %d nodes did not converge", g.seed, n).isTrue();
    for (String name : g.names) {
      g.sim.node(name).groups(config);
    }
    return g;
  }

  static GroupSim of(int n, long fallbackSeed) {
    return of(n, fallbackSeed, GroupConfig.defaults());
  }

  boolean converged() {
    int live = sim.liveNodes().size();
    for (String n : sim.liveNodes()) {
      if (sim.node(n).broadcastRecipients().size() != live - 1) {
        return false;
      }
    }
    return true;
  }

  Groups groups(String node) {
    return sim.node(node).groups();
  }

  /** Runs until {@code f} completes (30 s of virtual time at most) and returns its value. */
  <T> T await(CompletableFuture<T> f) {
    assertThat(sim.runUntil(f::isDone, Duration.ofSeconds(30)))
        .as("seed %d: future did not complete", seed).isTrue();
    return f.join();
  }

  /** Runs until {@code f} completes and returns the GroupException it failed with. */
  GroupException failure(CompletableFuture<?> f) {
    assertThat(sim.runUntil(f::isDone, Duration.ofSeconds(30))).isTrue();
    try {
      f.join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(GroupException.class);
      return (GroupException) e.getCause();
    }
    throw new AssertionError("seed " + seed + ": did not fail");
  }

  void runFor(Duration d) {
    sim.runFor(d);
  }
}
