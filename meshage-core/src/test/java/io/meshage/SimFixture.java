package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The one simulated-mesh fixture of the tests: nodes {@code n0, n1, ...} that find each other by
 * (simulated) broadcast discovery, run until every node reaches every other, seeded by {@link
 * Seeds#scenario} of the number the test gives its scenario. The command, RPC and
 * group tests wrap it with their own helpers ({@code SimMesh}, {@code RpcSim}, {@code GroupSim}).
 */
public final class SimFixture {
  public final Simulation sim;
  public final long seed;
  public final List<String> names = new ArrayList<>();

  /** @param scenario the test's number for this scenario; the seed is {@link Seeds#scenario} of it */
  private SimFixture(long scenario) {
    this.seed = Seeds.scenario(scenario);
    this.sim = new Simulation(seed);
  }

  /** The configuration every fixture node starts from: degree 3, discovery on port 9000. */
  public static MeshConfig.Builder config(String name) {
    return MeshConfig.builder(name).degree(3).discoveryPort(9000).broadcastAddress("127.255.255.255");
  }

  /**
   * {@code n} nodes built from {@link #config} as {@code tune} changes it, each handed to {@code
   * setUp} as soon as it is added; runs until every node reaches every other and, with {@code
   * viewsAgree}, every view holds exactly the true links (so that what a test does next does not
   * race the last link changes), at most {@code max} of virtual time.
   */
  public static SimFixture mesh(
      int n, long scenario, UnaryOperator<MeshConfig.Builder> tune, Consumer<MeshNode> setUp,
      boolean viewsAgree, Duration max) {
    SimFixture f = new SimFixture(scenario);
    for (int i = 0; i < n; i++) {
      String name = "n" + i;
      f.names.add(name);
      setUp.accept(f.sim.addNode(tune.apply(config(name)).build()));
    }
    boolean ok = f.sim.runUntil(() -> f.converged() && (!viewsAgree || f.sim.viewsAgree()),
        Duration.ofMillis(50), max);
    assertThat(ok).as("seed %d: %d nodes did not converge", f.seed, n).isTrue();
    return f;
  }

  /** Whether every live node of the fixture reaches every other live node. */
  public boolean converged() {
    int live = sim.liveNodes().size();
    for (String n : names) {
      if (sim.liveNodes().contains(n) && sim.node(n).broadcastRecipients().size() != live - 1) {
        return false;
      }
    }
    return true;
  }

  public MeshNode node(String name) {
    return sim.node(name);
  }

  /** Runs until {@code f} completes, at most {@code max} of virtual time; whether it did. */
  public boolean runUntilDone(CompletableFuture<?> f, Duration max) {
    return sim.runUntil(f::isDone, max);
  }

  /** Runs until {@code f} completes (asserted), at most {@code max} of virtual time, and returns its value. */
  public <T> T await(CompletableFuture<T> f, Duration max) {
    assertThat(runUntilDone(f, max)).as("seed %d: not done within %s", seed, max).isTrue();
    return f.join();
  }
}
