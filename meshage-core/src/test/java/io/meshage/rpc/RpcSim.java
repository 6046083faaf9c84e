package io.meshage.rpc;

import io.meshage.MeshNode;
import io.meshage.SimFixture;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The shared {@link SimFixture} for RPC tests; every node registers an {@link Arith}. */
final class RpcSim {
  final SimFixture fixture;
  final Simulation sim;
  final List<String> names;

  private RpcSim(SimFixture fixture) {
    this.fixture = fixture;
    this.sim = fixture.sim;
    this.names = fixture.names;
  }

  static RpcSim of(int n, long seed) {
    // every view holds every node and the true links, so calls do not race the last link changes
    return new RpcSim(SimFixture.mesh(n, seed, b -> b, node -> node.rpc().register(new Arith(node.name())), true,
        Duration.ofSeconds(120)));
  }

  boolean converged() {
    return fixture.converged();
  }

  BilateralRpc rpc(String name) {
    return sim.node(name).rpc();
  }

  MeshNode node(String name) {
    return sim.node(name);
  }

  /** Runs the simulation until {@code f} completes, at most {@code max} of virtual time. */
  <T> T await(CompletableFuture<T> f, Duration max) {
    return fixture.await(f, max);
  }
}
