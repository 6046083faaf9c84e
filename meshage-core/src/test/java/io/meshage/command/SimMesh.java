package io.meshage.command;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.SimFixture;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The shared {@link SimFixture} with the command layer's helpers: ACK timeout 5 s. */
final class SimMesh {
  final SimFixture fixture;
  final Simulation sim;
  final List<String> names;

  private SimMesh(SimFixture fixture) {
    this.fixture = fixture;
    this.sim = fixture.sim;
    this.names = fixture.names;
  }

  static MeshConfig config(String name) {
    return SimFixture.config(name).ackTimeout(Duration.ofSeconds(5)).build();
  }

  /** {@code n} nodes called n0, n1, ... that all see each other. */
  static SimMesh of(int n, long seed) {
    return new SimMesh(SimFixture.mesh(n, seed, b -> b.ackTimeout(Duration.ofSeconds(5)), node -> {}, false,
        Duration.ofSeconds(60)));
  }

  boolean converged() {
    return fixture.converged();
  }

  MeshNode node(String name) {
    return sim.node(name);
  }

  MeshCommands commands(String name) {
    return node(name).commands();
  }

  /** Runs until {@code f} completes (at most {@code max} of virtual time); returns whether it did. */
  boolean await(CompletableFuture<?> f, Duration max) {
    return fixture.runUntilDone(f, max);
  }
}
