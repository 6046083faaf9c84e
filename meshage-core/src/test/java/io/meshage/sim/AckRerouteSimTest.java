package io.meshage.sim;

import io.meshage.Seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshConfig;
import io.meshage.MeshTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19: a recipient that got a message and stays reachable is reported delivered even when
 * the relay its ACK went through falls silent: the ACK goes out again on the new route.
 */
@Timeout(60)
class AckRerouteSimTest {
  private static final long SEED = Seeds.seed("AckRerouteSimTest");

  /** The square a-b-c-d-a: a reaches c through b (the smaller name), or through d. */
  private static Simulation square(Duration ackRetention) {
    return square(ackRetention, null);
  }

  /** The square a-b-c-d-a; {@code adaptive}: the adaptive detector's floor, zero for the fixed timers, null for the default. */
  private static Simulation square(Duration ackRetention, Duration adaptive) {
    Simulation sim = new Simulation(SEED);
    for (String n : List.of("a", "b", "c", "d")) {
      sim.addNode(MeshConfig.builder(n).degree(0).broadcastAddress("127.255.255.255")
          .ackTimeout(Duration.ofSeconds(5)).ackRetention(ackRetention).adaptiveDetection(adaptive).build());
    }
    FaultInjectionSimTest.dial(sim, "a", "b");
    FaultInjectionSimTest.dial(sim, "b", "c");
    FaultInjectionSimTest.dial(sim, "c", "d");
    FaultInjectionSimTest.dial(sim, "d", "a");
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("a").mesh().size() == 4, Duration.ofSeconds(5)))
        .isTrue();
    return sim;
  }

  /** Sends a to c, freezes b as soon as it forwarded, and returns the verdict and what c received. */
  private static Delivery freezeRelayAfterForwarding(Simulation sim, List<Object> got) throws Exception {
    sim.node("c").onMessage(m -> got.add(m.body()));
    long forwarded = sim.node("b").stats().get(Counter.DATA_FORWARDED);
    CompletableFuture<Delivery> f = sim.node("a").setAsync(List.of("c"), "via b");
    assertThat(sim.runUntil(() -> sim.node("b").stats().get(Counter.DATA_FORWARDED) > forwarded, Duration.ofSeconds(1)))
        .isTrue();
    sim.faults("b").freeze();
    assertThat(sim.runUntil(f::isDone, Duration.ofSeconds(10))).isTrue();
    sim.runFor(Duration.ofMillis(10));
    return f.get(1, TimeUnit.SECONDS);
  }

  @Test
  void theAckOfAReceivedMessageTakesTheNewRouteWhenItsRelayFreezes() throws Exception {
    Simulation sim = square(null);
    List<Object> got = new ArrayList<>();
    long start = sim.nanoTime();
    Delivery d = freezeRelayAfterForwarding(sim, got);
    assertThat(got).containsExactly("via b");
    assertThat(d.delivered()).as("seed %d: c got it and is reachable through d", SEED).containsExactly("c");
    assertThat(sim.node("c").stats().get(Counter.ACKS_RESENT)).isPositive();
    assertThat(sim.nanoTime() - start).as("found by the busy-link timeout, well before the keepalive timeout")
        .isLessThan(Duration.ofMillis(2500).toNanos());
  }

  @Test
  void withoutRetentionTheSameScheduleEndsInAFalseTimeout() throws Exception {
    Simulation sim = square(Duration.ZERO);
    List<Object> got = new ArrayList<>();
    Delivery d = freezeRelayAfterForwarding(sim, got);
    assertThat(got).containsExactly("via b");
    assertThat(d.failed()).isEqualTo(Map.of("c", Failure.TIMEOUT));
  }

  @Test
  void aCommandAnswerTakesTheNewRouteWhenItsRelayFreezes() throws Exception {
    assertThat(requestThroughFreezingRelay(null)).containsEntry("echo", "ping");
  }

  @Test
  void withoutRetentionTheCommandAnswerIsLostWithItsRelay() {
    assertThatThrownBy(() -> requestThroughFreezingRelay(Duration.ZERO))
        .hasCauseInstanceOf(MeshTimeoutException.class);
  }

  private static Map<String, Object> requestThroughFreezingRelay(Duration retention) throws Exception {
    Simulation sim = square(retention);
    sim.node("c").commands().handleCommand(10001, (req, sender) -> Map.of("echo", req.get("say")));
    long forwarded = sim.node("b").stats().get(Counter.DATA_FORWARDED);
    CompletableFuture<Map<String, Object>> f = sim.node("a").commands().sendRequest(10001, "c", Map.of("say", "ping"));
    assertThat(sim.runUntil(() -> sim.node("b").stats().get(Counter.DATA_FORWARDED) > forwarded, Duration.ofSeconds(1)))
        .isTrue();
    sim.faults("b").freeze();
    assertThat(sim.runUntil(f::isDone, Duration.ofSeconds(12))).isTrue();
    return f.get(1, TimeUnit.SECONDS);
  }

  @Test
  void aSilentNeighbourWeSendToIsDroppedBeforeTheKeepaliveTimeout() {
    // the fixed timers: the busy-link timeout (2 s) drops it
    Simulation sim = square(null, Duration.ZERO);
    sendToFrozen(sim);
    assertThat(sim.runUntil(() -> !sim.node("a").neighbors().contains("b"), Duration.ofSeconds(3))).isTrue();
    assertThat(sim.node("a").stats().get(Counter.BUSY_LINK_TIMEOUTS)).isEqualTo(1);
    assertThat(sim.node("a").stats().get(Counter.KEEPALIVE_TIMEOUTS)).isZero();
    // the default adaptive detector drops it sooner still, once the links have settled (8 s; a
    // younger link is judged by the fixed timers)
    Simulation adaptive = square(null);
    adaptive.runFor(Duration.ofSeconds(10));
    sendToFrozen(adaptive);
    assertThat(adaptive.runUntil(() -> !adaptive.node("a").neighbors().contains("b"), Duration.ofSeconds(1))).isTrue();
    assertThat(adaptive.node("a").stats().get(Counter.ADAPTIVE_TIMEOUTS)).isEqualTo(1);
    assertThat(adaptive.node("a").stats().get(Counter.KEEPALIVE_TIMEOUTS)).isZero();
  }

  private static void sendToFrozen(Simulation sim) {
    sim.faults("b").freeze();
    for (int i = 0; i < 20; i++) {
      sim.node("a").setAsync(List.of("b"), i);
      sim.runFor(Duration.ofMillis(50));
    }
  }
}
