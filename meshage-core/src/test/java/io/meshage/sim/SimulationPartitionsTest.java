package io.meshage.sim;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A simulation split into partitions run window by window, on one thread or several. */
@Timeout(60)
class SimulationPartitionsTest {
  private static MeshConfig cfg(String name) {
    return SimulationBasicsTest.cfg(name, 3);
  }

  /**
   * Formation, a crash, a set and a broadcast in 3 partitions: the same run, event for event, on
   * 1, 2 and 3 threads (every window handed to all threads); another seed gives another run.
   */
  @Test
  void sameRunWhateverTheThreads() {
    List<String> one = run(5, 1);
    System.out.println("seed 5, 3 partitions: " + one.subList(1, one.size()));
    assertThat(run(5, 2)).isEqualTo(one);
    assertThat(run(5, 3)).isEqualTo(one);
    assertThat(run(6, 2)).isNotEqualTo(one);
  }

  private static List<String> run(long seed, int threads) {
    Simulation sim = new Simulation(seed).partitions(3, threads);
    sim.engine().clock().parallelWindowsFrom(0);
    for (int i = 0; i < 90; i++) {
      sim.engine().addNodeLater(cfg(String.format("p%02d", i)), Duration.ofMillis(i * 7 % 400));
    }
    sim.runFor(Duration.ofSeconds(4));
    sim.kill("p17");
    sim.runFor(Duration.ofMillis(500));
    CompletableFuture<Delivery> set = sim.node("p00").setAsync(List.of("p44", "p61", "p89"), "hello");
    CompletableFuture<Delivery> all = sim.node("p30").broadcastAsync("all");
    sim.runFor(Duration.ofSeconds(2));
    List<String> out = new ArrayList<>();
    out.add(sim.trueTopology().toString());
    out.add("events " + sim.eventsRun());
    out.add("msa " + sim.total(Counter.MSA_SENT));
    out.add("beacons " + sim.total(Counter.BEACONS_RECEIVED));
    out.add("set " + set.join().delivered());
    out.add("broadcast " + all.join().delivered().size());
    return out;
  }

  @Test
  void formsHealsAndDelivers() {
    Simulation sim = new Simulation(Seeds.scenario(11)).partitions(2, 2);
    sim.engine().clock().parallelWindowsFrom(0);
    for (int i = 0; i < 150; i++) {
      sim.engine().addNodeLater(cfg(String.format("q%03d", i)), Duration.ofMillis(i * 13 % 1000));
    }
    sim.runFor(Duration.ofMillis(1001));
    assertThat(sim.runUntil(() -> Truth.converged(sim), Duration.ofMillis(10), Duration.ofSeconds(20)))
        .as("formation: %s", Truth.firstDifference(sim)).isTrue();
    assertThat(sim.node("q000").mesh()).hasSize(150);
    sim.kill("q070");
    assertThat(sim.runUntil(() -> Truth.converged(sim), Duration.ofMillis(1), Duration.ofSeconds(5)))
        .as("after the crash: %s", Truth.firstDifference(sim)).isTrue();
    CompletableFuture<Delivery> all = sim.node("q001").broadcastAsync("after");
    assertThat(sim.runUntil(all::isDone, Duration.ofSeconds(5))).isTrue();
    assertThat(all.join().delivered()).hasSize(148).doesNotContain("q070");
  }

  @Test
  void refusesWhatItCannotRun() {
    assertThatThrownBy(() -> new Simulation(1).partitions(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions");
    assertThatThrownBy(() -> new Simulation(1).partitions(2, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
    Simulation late = new Simulation(1);
    late.addNode(cfg("a"));
    assertThatThrownBy(() -> late.partitions(2, 2))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("before the first node");
    Simulation fast = new Simulation(1).partitions(2, 1).defaultDelay(Duration.ofNanos(1));
    fast.addNode(cfg("a"));
    fast.addNode(cfg("b"));
    assertThatThrownBy(() -> fast.runFor(Duration.ofMillis(10)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least 2 ns");
  }

  /** A handler of one partition's node may not drive a node of another partition directly. */
  @Test
  void aNodeActsOnAnotherOnlyThroughLinks() {
    Simulation sim = new Simulation(Seeds.scenario(3)).partitions(2, 1);
    for (int i = 0; i < 4; i++) {
      sim.addNode(cfg("r" + i)); // r0, r2 in partition 0; r1, r3 in partition 1
    }
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("r0").mesh().size() == 4,
        Duration.ofMillis(10), Duration.ofSeconds(10))).isTrue();
    AtomicReference<Throwable> refused = new AtomicReference<>();
    MeshNode r0 = sim.node("r0");
    sim.node("r1").onMessage(m -> {
      try {
        r0.broadcastAsync("from r1's handler");
      } catch (RuntimeException e) {
        refused.set(e);
      }
    });
    CompletableFuture<Delivery> d = sim.node("r2").setAsync(List.of("r1"), "go");
    assertThat(sim.runUntil(d::isDone, Duration.ofSeconds(5))).isTrue();
    assertThat(refused.get()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only through links");
  }
}
