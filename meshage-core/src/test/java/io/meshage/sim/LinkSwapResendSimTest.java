package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.MembershipEvent;
import io.meshage.MeshConfig;
import io.meshage.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A link replaced by a simultaneous dial (the dial of the node whose name sorts first wins) takes
 * the frames still queued on it, or arriving on it after the peer closed it, down with it. Neither
 * side reports the neighbour down meanwhile (the side told BYE waits for the link the peer kept),
 * and both send again, on the new link, what waits for an ACK: every message sent across the swap
 * is delivered, with no FAILED membership event and no UNCONFIRMED or TIMEOUT verdict for a node
 * that never left. On the code before, a message sent in the swap ended TIMEOUT (nothing sent it
 * again) or UNCONFIRMED (the told side saw the neighbour go down for a moment). Command requests
 * (no end-to-end ACK) go out again too, and are answered within the second, not at their timeout.
 */
@Timeout(60)
class LinkSwapResendSimTest {
  private static final long SEED = Seeds.seed("LinkSwapResendSimTest");

  @Test
  void messagesSentWhileALinkIsReplacedAreDeliveredAndNoNodeLooksDown() throws Exception {
    for (int offset = 0; offset < 20; offset++) {
      Simulation sim = new Simulation(SEED + offset).defaultDelay(Duration.ofMillis(20));
      for (String n : List.of("a", "b")) {
        sim.addNode(MeshConfig.builder(n).degree(0).broadcastAddress("127.255.255.255")
            .ackTimeout(Duration.ofSeconds(5)).build());
      }
      // b dials a; a's later dial of b wins (a sorts first) and replaces this link on both sides.
      FaultInjectionSimTest.dial(sim, "b", "a");
      assertThat(sim.runUntil(() -> Truth.converged(sim), Duration.ofSeconds(5))).isTrue();
      AtomicInteger failedEvents = new AtomicInteger();
      for (String n : List.of("a", "b")) {
        sim.node(n).onMembership(e -> {
          if (e.type() == MembershipEvent.Type.FAILED) {
            failedEvents.incrementAndGet();
          }
        });
      }
      List<CompletableFuture<Delivery>> sent = new ArrayList<>();
      CompletableFuture<String> dial = sim.node("a").dialAsync(sim.node("b").listenAddress());
      long start = sim.nanoTime();
      Duration base = sim.elapsed();
      // A message each way every 5 ms for 100 ms from the dial on (the swap takes 60-80 ms).
      for (int i = 0; i < 20; i++) {
        sim.at(base.plusMillis(offset + i * 5L), () -> {
          sent.add(sim.node("a").setAsync(List.of("b"), "a" + sent.size()));
          sent.add(sim.node("b").setAsync(List.of("a"), "b" + sent.size()));
        });
      }
      int run = offset;
      assertThat(sim.runUntil(() -> dial.isDone() && sent.size() == 40 && sent.stream().allMatch(CompletableFuture::isDone),
          Duration.ofSeconds(10))).as("run %d", run).isTrue();
      for (CompletableFuture<Delivery> f : sent) {
        assertThat(f.join().isComplete()).as("run %d, message %d: %s", run, sent.indexOf(f), f.join()).isTrue();
      }
      assertThat(sim.nanoTime() - start).as("run %d: every verdict within a second", run)
          .isLessThan(Duration.ofSeconds(1).toNanos());
      assertThat(failedEvents).as("run %d: FAILED events", run).hasValue(0);
      assertThat(sim.total(Counter.LINKS_CLOSED)).as("run %d: links reported down", run).isZero();
      assertThat(sim.node("a").neighbors()).containsExactly("b");
      assertThat(sim.node("b").neighbors()).containsExactly("a");
    }
  }

  @Test
  void commandRequestsSentWhileALinkIsReplacedAreAnsweredWithoutWaitingForTheirTimeout() throws Exception {
    for (int offset = 0; offset < 20; offset++) {
      Simulation sim = new Simulation(SEED + 100 + offset).defaultDelay(Duration.ofMillis(20));
      for (String n : List.of("a", "b")) {
        sim.addNode(MeshConfig.builder(n).degree(0).broadcastAddress("127.255.255.255").build());
        sim.node(n).commands().handleCommand(10_001, (req, sender) -> Map.of("echo", req.get("i")));
      }
      FaultInjectionSimTest.dial(sim, "b", "a");
      assertThat(sim.runUntil(() -> Truth.converged(sim), Duration.ofSeconds(5))).isTrue();
      List<CompletableFuture<Map<String, Object>>> asked = new ArrayList<>();
      CompletableFuture<String> dial = sim.node("a").dialAsync(sim.node("b").listenAddress());
      long start = sim.nanoTime();
      Duration base = sim.elapsed();
      for (int i = 0; i < 20; i++) {
        sim.at(base.plusMillis(offset + i * 5L), () -> {
          asked.add(sim.node("a").commands().sendRequest(10_001, "b", Map.of("i", asked.size())));
          asked.add(sim.node("b").commands().sendRequest(10_001, "a", Map.of("i", asked.size())));
        });
      }
      int run = offset;
      assertThat(sim.runUntil(() -> dial.isDone() && asked.size() == 40 && asked.stream().allMatch(CompletableFuture::isDone),
          Duration.ofSeconds(10))).as("run %d", run).isTrue();
      for (int i = 0; i < asked.size(); i++) {
        assertThat(asked.get(i).join()).as("run %d, request %d", run, i).containsEntry("echo", i);
      }
      assertThat(sim.nanoTime() - start).as("run %d: every answer within a second", run)
          .isLessThan(Duration.ofSeconds(1).toNanos());
    }
  }
}
