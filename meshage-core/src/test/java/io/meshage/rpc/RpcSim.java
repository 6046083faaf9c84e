package io.meshage.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.sim.MeshCheck;
import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A converged simulated mesh n0, n1, ... for RPC tests; every node registers an {@link Arith}. */
final class RpcSim {
  final Simulation sim;
  final List<String> names = new ArrayList<>();

  private RpcSim(long seed) {
    this.sim = new Simulation(seed);
  }

  static RpcSim of(int n, long seed) {
    RpcSim m = new RpcSim(seed);
    for (int i = 0; i < n; i++) {
      String name = "n" + i;
      m.names.add(name);
      MeshConfig c = MeshConfig.builder(name).degree(3).discoveryPort(9000)
          .broadcastAddress("127.255.255.255").build();
      m.sim.addNode(c).rpc().register(new Arith(name));
    }
    // every view holds every node and the true links, so calls do not race the last link changes
    boolean ok = m.sim.runUntil(() -> m.converged() && MeshCheck.viewsAgree(m.sim), Duration.ofMillis(50),
        Duration.ofSeconds(120));
    assertThat(ok).as("seed %d: %d nodes did not converge", seed, n).isTrue();
    return m;
  }

  boolean converged() {
    for (String n : names) {
      if (sim.liveNodes().contains(n)
          && sim.node(n).broadcastRecipients().size() != sim.liveNodes().size() - 1) {
        return false;
      }
    }
    return true;
  }

  BilateralRpc rpc(String name) {
    return sim.node(name).rpc();
  }

  MeshNode node(String name) {
    return sim.node(name);
  }

  /** Runs the simulation until {@code f} completes, at most {@code max} of virtual time. */
  <T> T await(CompletableFuture<T> f, Duration max) {
    assertThat(sim.runUntil(f::isDone, max)).as("seed %d: not done within %s", sim.seed(), max).isTrue();
    return f.join();
  }
}
