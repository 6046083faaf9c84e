package io.meshage.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.SimFixture;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The shared {@link SimFixture} (n0..n(k-1), ACK timeout 3 s) with the group layer attached on
 * every node. The seed is printed; {@code -Dmeshage.seed=S} replays a run.
 */
final class GroupSim {
  final SimFixture fixture;
  final Simulation sim;
  final long seed;
  final List<String> names;

  private GroupSim(SimFixture fixture) {
    this.fixture = fixture;
    this.sim = fixture.sim;
    this.seed = fixture.seed;
    this.names = fixture.names;
  }

  static GroupSim of(int n, long fallbackSeed, GroupConfig config) {
    GroupSim g = new GroupSim(SimFixture.mesh(n, fallbackSeed, b -> b.ackTimeout(Duration.ofSeconds(3)),
        node -> {}, false, Duration.ofSeconds(60)));
    for (String name : g.names) {
      g.sim.node(name).groups(config);
    }
    return g;
  }

  static GroupSim of(int n, long fallbackSeed) {
    return of(n, fallbackSeed, GroupConfig.defaults());
  }

  boolean converged() {
    return fixture.converged();
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
