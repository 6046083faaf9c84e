package io.meshage.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A simulated mesh of named nodes for command-layer tests, formed and converged. */
final class SimMesh {
  final Simulation sim;
  final List<String> names = new ArrayList<>();

  private SimMesh(long seed) {
    this.sim = new Simulation(seed);
  }

  static MeshConfig config(String name) {
    return MeshConfig.builder(name).degree(3).discoveryPort(9000)
        .broadcastAddress("127.255.255.255").ackTimeout(Duration.ofSeconds(5)).build();
  }

  /** {@code n} nodes called n0, n1, ... that all see each other. */
  static SimMesh of(int n, long seed) {
    SimMesh m = new SimMesh(seed);
    for (int i = 0; i < n; i++) {
      String name = "n" + i;
      m.names.add(name);
      m.sim.addNode(config(name));
    }
    boolean ok = m.sim.runUntil(m::converged, Duration.ofMillis(50), Duration.ofSeconds(60));
    assertThat(ok).as("seed %d: %d nodes did not converge", seed, n).isTrue();
    return m;
  }

  boolean converged() {
    for (String n : names) {
      if (sim.liveNodes().contains(n) && node(n).broadcastRecipients().size() != sim.liveNodes().size() - 1) {
        return false;
      }
    }
    return true;
  }

  MeshNode node(String name) {
    return sim.node(name);
  }

  MeshCommands commands(String name) {
    return node(name).commands();
  }

  /** Runs until {@code f} completes (at most {@code max} of virtual time); returns whether it did. */
  boolean await(CompletableFuture<?> f, Duration max) {
    return sim.runUntil(f::isDone, max);
  }
}
