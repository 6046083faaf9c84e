package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.MeshConfig;
import io.meshage.Seeds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A command request travels without an end-to-end ACK: one lost on its way (here at a relay,
 * with no link lost and no topology change to send it again) goes out again after a second
 * without an answer, then after two more, and so on, and is run once however often it arrives.
 */
@Timeout(60)
class CallRetrySimTest {
  private static final long SEED = Seeds.seed("CallRetrySimTest");

  @Test
  void aRequestLostAtARelayIsSentAgainAndAnsweredLongBeforeItsTimeout() throws Exception {
    Simulation sim = new Simulation(SEED);
    for (String n : List.of("a", "b", "c")) {
      sim.addNode(MeshConfig.builder(n).degree(0).broadcastAddress("127.255.255.255").faultInjection(true).build());
    }
    FaultInjectionSimTest.dial(sim, "a", "b");
    FaultInjectionSimTest.dial(sim, "b", "c");
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("a").mesh().size() == 3, Duration.ofSeconds(5)))
        .isTrue();
    AtomicInteger runs = new AtomicInteger();
    sim.node("c").commands().handleCommand(10_001, (req, sender) -> Map.of("n", runs.incrementAndGet()));

    sim.faults("b").loss(1.0); // b forwards nothing for 100 ms: the request dies there
    long start = sim.nanoTime();
    CompletableFuture<Map<String, Object>> f =
        sim.node("a").commands().sendRequest(10_001, "c", Map.of(), Duration.ofSeconds(10));
    sim.runFor(Duration.ofMillis(100));
    sim.faults("b").loss(0);
    assertThat(f).isNotDone();

    assertThat(sim.runUntil(f::isDone, Duration.ofSeconds(10))).isTrue();
    assertThat(f.join()).containsEntry("n", 1);
    assertThat(sim.nanoTime() - start).as("answered after the first retry, not at the 10 s timeout")
        .isBetween(Duration.ofSeconds(1).toNanos(), Duration.ofMillis(1500).toNanos());
    sim.runFor(Duration.ofSeconds(5));
    assertThat(runs).as("runs of the request").hasValue(1);
  }
}
