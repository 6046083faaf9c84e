package io.meshage.sim;

import io.meshage.Seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fault decorator in the simulator: duplicates, loss, delay, freeze, blocks, dropped links, wire mode. */
@Timeout(60)
class FaultInjectionSimTest {
  private static final long SEED = Seeds.seed("FaultInjectionSimTest");

  private static MeshConfig.Builder cfg(String name) {
    return MeshConfig.builder(name).degree(0).broadcastAddress("127.255.255.255").ackTimeout(Duration.ofMillis(500));
  }

  /** A chain a - b - c built by dialing, converged. */
  private static Simulation chain(Simulation sim) {
    for (String n : List.of("a", "b", "c")) {
      sim.addNode(cfg(n).build());
    }
    dial(sim, "a", "b");
    dial(sim, "b", "c");
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("a").mesh().size() == 3, Duration.ofSeconds(5)))
        .as("seed %d", sim.seed()).isTrue();
    return sim;
  }

  static void dial(Simulation sim, String from, String to) {
    MeshNode target = sim.node(to);
    CompletableFuture<String> done = sim.node(from).dialAsync(target.listenAddress());
    assertThat(sim.runUntil(done::isDone, Duration.ofSeconds(5))).isTrue();
    assertThat(done.join()).isEqualTo(to);
  }

  private static Delivery await(Simulation sim, CompletableFuture<Delivery> f) throws Exception {
    assertThat(sim.runUntil(f::isDone, Duration.ofSeconds(10))).as("verdict within 10 s").isTrue();
    return f.get(1, TimeUnit.SECONDS);
  }

  @Test
  void duplicatedFramesAtARelayAreDeliveredOnce() throws Exception {
    Simulation sim = chain(new Simulation(SEED));
    List<Object> got = new ArrayList<>();
    sim.node("c").onMessage(m -> got.add(m.body()));
    sim.faults("b").duplicate(1.0);
    List<CompletableFuture<Delivery>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(sim.node("a").setAsync(List.of("c"), "m" + i));
    }
    for (CompletableFuture<Delivery> f : sent) {
      assertThat(await(sim, f).delivered()).containsExactly("c");
    }
    sim.runFor(Duration.ofMillis(100));
    assertThat(got).hasSize(50).doesNotHaveDuplicates();
    assertThat(sim.node("b").stats().get(Counter.FAULT_DUPLICATED)).isGreaterThanOrEqualTo(50);
    assertThat(sim.node("c").stats().get(Counter.DATA_DUPLICATES)).isGreaterThanOrEqualTo(50);
  }

  @Test
  void aFrameLostForGoodEndsInTimeoutForThatRecipient() throws Exception {
    Simulation sim = chain(new Simulation(SEED));
    List<Object> got = new ArrayList<>();
    sim.node("c").onMessage(m -> got.add(m.body()));
    sim.faults("b").loss(1.0);
    // b loses everything it sends: the DATA for c and its own ACKs alike.
    Delivery d = await(sim, sim.node("a").setAsync(List.of("c"), "lost"));
    assertThat(d.delivered()).isEmpty();
    assertThat(d.failed()).isEqualTo(Map.of("c", Failure.TIMEOUT));
    assertThat(got).isEmpty();
    assertThat(sim.node("a").stats().get(Counter.RECIPIENTS_TIMEOUT)).isEqualTo(1);
  }

  @Test
  void aFrozenRelayTimesOutThenDeliversAfterUnfreezing() throws Exception {
    Simulation sim = chain(new Simulation(SEED));
    sim.faults("b").freeze();
    Delivery d = await(sim, sim.node("a").setAsync(List.of("c"), "held"));
    assertThat(d.failed()).isEqualTo(Map.of("c", Failure.TIMEOUT));
    sim.faults("b").unfreeze();
    Delivery after = await(sim, sim.node("a").setAsync(List.of("c"), "after"));
    assertThat(after.delivered()).containsExactly("c");
  }

  @Test
  void delayedFramesArriveLateButAllArrive() throws Exception {
    Simulation sim = chain(new Simulation(SEED));
    List<Object> got = new ArrayList<>();
    sim.node("c").onMessage(m -> got.add(m.body()));
    sim.faults("a").delay(Duration.ofMillis(20), Duration.ofMillis(80));
    long start = sim.nanoTime();
    List<CompletableFuture<Delivery>> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sent.add(sim.node("a").setAsync(List.of("c"), i));
    }
    for (CompletableFuture<Delivery> f : sent) {
      assertThat(await(sim, f).delivered()).containsExactly("c");
    }
    assertThat(sim.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    // (Order is checked on TCP: the simulator runs same-time handler tasks in seeded random order.)
    assertThat(got).hasSize(30).doesNotHaveDuplicates();
    assertThat(sim.node("a").stats().get(Counter.FAULT_DELAYED)).isGreaterThanOrEqualTo(30);
  }

  @Test
  void blockingBothSidesPartitionsAndHealingAllowsNewLinks() throws Exception {
    Simulation sim = chain(new Simulation(SEED));
    sim.faults("a").block(Set.of("b"));
    sim.faults("b").block(Set.of("a"));
    assertThat(sim.runUntil(() -> sim.node("a").mesh().size() == 1 && sim.node("c").mesh().size() == 2,
        Duration.ofSeconds(10))).as("the partition is noticed by keepalive").isTrue();
    Delivery d = await(sim, sim.node("a").setAsync(List.of("c"), "across"));
    assertThat(d.failed()).isEqualTo(Map.of("c", Failure.UNREACHABLE));
    CompletableFuture<String> refused = sim.node("a").dialAsync(sim.node("b").listenAddress());
    assertThat(sim.runUntil(refused::isDone, Duration.ofSeconds(10))).isTrue();
    assertThat(refused).isCompletedExceptionally();
    sim.faults("a").heal();
    sim.faults("b").heal();
    dial(sim, "a", "b");
    assertThat(sim.runUntil(() -> sim.node("a").mesh().size() == 3, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aDroppedLinkIsSeenByBothEnds() {
    Simulation sim = chain(new Simulation(SEED));
    assertThat(sim.faults("a").dropLink("b")).isTrue();
    assertThat(sim.faults("a").dropLink("c")).as("no such link").isFalse();
    assertThat(sim.runUntil(() -> sim.node("a").neighbors().isEmpty() && !sim.node("b").neighbors().contains("a"),
        Duration.ofMillis(50))).isTrue();
  }

  @Test
  void badFaultSettingsNameTheField() {
    Simulation sim = chain(new Simulation(SEED));
    assertThatThrownBy(() -> sim.faults("a").loss(1.5)).hasMessageContaining("loss");
    assertThatThrownBy(() -> sim.faults("a").duplicate(-0.1)).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> sim.faults("a").corrupt(Double.NaN)).hasMessageContaining("corrupt");
    assertThatThrownBy(() -> sim.faults("a").delay(Duration.ofMillis(5), Duration.ofMillis(1)))
        .hasMessageContaining("delay");
  }

  /**
   * The relay bug of issue 10: in the square a-b-c-d, c hangs below b in a's broadcast tree. When
   * b has lost its link to c but still holds a topology with it, c must be reported UNREACHABLE at
   * once rather than left to time out.
   */
  @Test
  void aBroadcastRelayWithoutItsChildLinkReportsTheSubtreeUnreachable() throws Exception {
    Simulation sim = new Simulation(SEED);
    sim.addNode(cfg("a").ackTimeout(Duration.ofSeconds(5)).build());
    // b announces at most once a second, so its database still lists c for a while after the cut.
    sim.addNode(cfg("b").msaMinInterval(Duration.ofSeconds(1)).build());
    sim.addNode(cfg("c").msaMinInterval(Duration.ofSeconds(1)).build());
    sim.addNode(cfg("d").build());
    dial(sim, "a", "b");
    dial(sim, "b", "c");
    dial(sim, "c", "d");
    dial(sim, "d", "a");
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("a").mesh().size() == 4, Duration.ofSeconds(5)))
        .isTrue();
    long before = sim.node("b").stats().get(Counter.MSA_ORIGINATED);
    assertThat(sim.runUntil(() -> sim.node("b").stats().get(Counter.MSA_ORIGINATED) > before, Duration.ofSeconds(15)))
        .as("b's periodic MSA").isTrue();
    sim.runFor(Duration.ofMillis(20));
    assertThat(sim.faults("b").dropLink("c")).isTrue();
    long start = sim.nanoTime();
    CompletableFuture<Delivery> f = sim.node("a").broadcastAsync("hello");
    Delivery d = await(sim, f);
    assertThat(d.delivered()).containsExactlyInAnyOrder("b", "d");
    assertThat(d.failed()).isEqualTo(Map.of("c", Failure.UNREACHABLE));
    assertThat(sim.nanoTime() - start).as("well before the 5 s ACK timeout").isLessThan(Duration.ofMillis(100).toNanos());
  }

  @Test
  void wireModeRunsEveryFrameThroughTheCodec() throws Exception {
    Simulation sim = new Simulation(SEED).wire(true);
    for (int i = 0; i < 10; i++) {
      sim.addNode(MeshConfig.builder("w" + i).degree(3).discoveryPort(9000).broadcastAddress("127.255.255.255").build());
    }
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("w0").mesh().size() == 10,
        Duration.ofMillis(50), Duration.ofSeconds(20))).as("seed %d", SEED).isTrue();
    Delivery d = await(sim, sim.node("w0").broadcastAsync("over the wire"));
    assertThat(d.delivered()).hasSize(9);
    assertThat(d.failed()).isEmpty();
    assertThat(sim.total(Counter.BYTES_IN)).isPositive().isLessThanOrEqualTo(sim.total(Counter.BYTES_OUT));
    assertThat(sim.total(Counter.PROTOCOL_ERRORS)).isZero();
  }

  @Test
  void theSameSeedGivesTheSameFaultyRun() throws Exception {
    assertThat(faultyRun(SEED)).isEqualTo(faultyRun(SEED));
  }

  private static List<Long> faultyRun(long seed) throws Exception {
    Simulation sim = chain(new Simulation(seed));
    sim.faults("b").loss(0.3).duplicate(0.3).delay(Duration.ZERO, Duration.ofMillis(5));
    int delivered = 0;
    for (int i = 0; i < 40; i++) {
      delivered += await(sim, sim.node("a").setAsync(List.of("c"), i)).delivered().size();
    }
    return List.of((long) delivered, sim.nanoTime(), sim.total(Counter.FAULT_DROPPED), sim.total(Counter.FAULT_DUPLICATED));
  }
}
