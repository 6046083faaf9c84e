package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Handlers see each message exactly once although links deliver some DATA frames twice
 * (duplicates injected at a relay, on lossy retransmitting links, and in flight from a relay that
 * crashes after forwarding). These tests fail when the receivers' deduplication is disabled.
 */
@Timeout(60)
class SimulationExactlyOnceTest {
  private static MeshConfig cfg(String name, int degree) {
    return MeshConfig.builder(name).degree(degree).discoveryPort(degree == 0 ? 0 : 9000)
        .broadcastAddress("127.255.255.255").ackTimeout(Duration.ofSeconds(2)).build();
  }

  /** Node name -> body -> how many times that node's handler saw it. */
  private static Map<String, Map<String, Integer>> record(Simulation sim) {
    Map<String, Map<String, Integer>> seen = new TreeMap<>();
    for (String n : sim.liveNodes()) {
      Map<String, Integer> counts = new TreeMap<>();
      seen.put(n, counts);
      sim.node(n).onMessage(m -> counts.merge((String) m.body(), 1, Integer::sum));
    }
    return seen;
  }

  private static void awaitAll(Simulation sim, Map<String, CompletableFuture<Delivery>> sent) {
    assertThat(sim.runUntil(() -> sent.values().stream().allMatch(CompletableFuture::isDone),
        Duration.ofSeconds(20))).as("seed %d: every send completes", sim.seed()).isTrue();
  }

  @Test
  void framesDuplicatedAtARelayAreHandledOnce() {
    Simulation sim = new Simulation(Seeds.scenario(21));
    for (String n : List.of("a", "r", "c")) {
      sim.addNode(cfg(n, 0));
    }
    sim.node("a").dialAsync(sim.node("r").listenAddress());
    sim.node("r").dialAsync(sim.node("c").listenAddress());
    assertThat(sim.runUntil(() -> sim.node("a").mesh().size() == 3 && Truth.converged(sim),
        Duration.ofMillis(10), Duration.ofSeconds(5))).isTrue();
    Map<String, Map<String, Integer>> seen = record(sim);
    sim.duplicate("a", "r", 1.0).duplicate("r", "c", 1.0).duplicate("c", "r", 1.0);

    Map<String, CompletableFuture<Delivery>> sent = new LinkedHashMap<>();
    Map<String, Set<String>> targets = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      send(sim, sent, targets, "a", "to-c-" + i, Set.of("c"));
      send(sim, sent, targets, "a", "to-r-and-c-" + i, Set.of("r", "c"));
      send(sim, sent, targets, "c", "to-a-" + i, Set.of("a"));
      if (i % 4 == 0) {
        String body = "broadcast-" + i;
        sent.put(body, sim.node("a").broadcastAsync(body));
        targets.put(body, Set.of("r", "c"));
      }
      sim.runFor(Duration.ofMillis(3));
    }
    awaitAll(sim, sent);

    assertExactlyOnce(sim, seen, sent, targets);
    assertThat(sim.engine().duplicatesInjected()).isGreaterThanOrEqualTo(100);
    assertThat(sim.node("c").stats().get(Counter.DATA_DUPLICATES))
        .as("duplicates discarded at c").isGreaterThanOrEqualTo(60);
    assertThat(sim.node("r").stats().get(Counter.DATA_DUPLICATES))
        .as("duplicates of messages to r discarded at r").isGreaterThanOrEqualTo(20);
  }

  @RepeatedTest(2)
  void retransmittedFramesOnLossyLinksAreHandledOnce(RepetitionInfo rep) throws Exception {
    Seeds.check(rep, 1, random -> lossyAndDuplicated(new Simulation(random.nextLong()), random));
  }

  private static void lossyAndDuplicated(Simulation sim, Random random) {
    for (int i = 0; i < 24; i++) {
      sim.addNode(cfg(String.format("m%02d", i), 3));
    }
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("m00").mesh().size() == 24,
        Duration.ofMillis(50), Duration.ofSeconds(30)))
        .as("seed %d: %s", sim.seed(), Truth.firstDifference(sim)).isTrue();
    Map<String, Map<String, Integer>> seen = record(sim);
    sim.loss(0.05).duplicate("*", "*", 0.3);
    List<String> names = new ArrayList<>(sim.liveNodes());
    Map<String, CompletableFuture<Delivery>> sent = new LinkedHashMap<>();
    Map<String, Set<String>> targets = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      String from = names.get(random.nextInt(names.size()));
      String body = "msg-" + i;
      if (i % 10 == 0) {
        targets.put(body, sim.node(from).broadcastRecipients());
        sent.put(body, sim.node(from).broadcastAsync(body));
      } else {
        Set<String> to = new java.util.TreeSet<>();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          String t = names.get(random.nextInt(names.size()));
          if (!t.equals(from)) {
            to.add(t);
          }
        }
        if (!to.isEmpty()) {
          send(sim, sent, targets, from, body, to);
        }
      }
      sim.runFor(Duration.ofMillis(5));
    }
    awaitAll(sim, sent);

    assertExactlyOnce(sim, seen, sent, targets);
    assertThat(sim.engine().duplicatesInjected()).isGreaterThan(100);
    assertThat(sim.total(Counter.DATA_DUPLICATES)).isGreaterThan(50);
  }

  @Test
  void aRelayThatCrashesAfterForwardingLeavesNoDuplicateBehind() {
    // a-b-d and a-c-d: b relays (lexically smaller) until it crashes, its copies still in flight
    Simulation sim = new Simulation(Seeds.scenario(23));
    for (String n : List.of("a", "b", "c", "d")) {
      sim.addNode(cfg(n, 0));
    }
    sim.node("a").dialAsync(sim.node("b").listenAddress());
    sim.node("a").dialAsync(sim.node("c").listenAddress());
    sim.node("b").dialAsync(sim.node("d").listenAddress());
    sim.node("c").dialAsync(sim.node("d").listenAddress());
    assertThat(sim.runUntil(() -> sim.node("a").mesh().size() == 4 && Truth.converged(sim),
        Duration.ofMillis(10), Duration.ofSeconds(5))).isTrue();
    Map<String, Map<String, Integer>> seen = record(sim);
    List<String> routes = new ArrayList<>();
    sim.node("d").onMessage(m -> routes.add(m.body() + " " + String.join(">", m.route())));
    sim.duplicate("b", "d", 1.0);
    MeshNode a = sim.node("a");
    Map<String, CompletableFuture<Delivery>> sent = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      sent.put("s" + i, a.setAsync(List.of("d"), "s" + i));
      sim.runFor(Duration.ofMillis(20));
    }
    long forwarded = sim.node("b").stats().get(Counter.DATA_FORWARDED);
    sent.put("s10", a.setAsync(List.of("d"), "s10"));
    assertThat(sim.runUntil(() -> sim.node("b").stats().get(Counter.DATA_FORWARDED) > forwarded,
        Duration.ofSeconds(1))).as("b forwards s10").isTrue();
    sim.kill("b");
    for (int i = 11; i < 30; i++) {
      sent.put("s" + i, a.setAsync(List.of("d"), "s" + i));
      sim.runFor(Duration.ofMillis(20));
    }
    awaitAll(sim, sent);

    Map<String, Integer> atD = seen.get("d");
    for (int i = 0; i <= 10; i++) {
      assertThat(atD.get("s" + i)).as("s%d, relayed by b and duplicated, at d", i).isEqualTo(1);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(sent.get("s" + i).join().delivered()).as("s%d", i).containsExactly("d");
    }
    for (int i = 15; i < 30; i++) {
      assertThat(sent.get("s" + i).join().delivered()).as("s%d", i).containsExactly("d");
      assertThat(atD.get("s" + i)).as("s%d at d", i).isEqualTo(1);
    }
    // s10 was handled, but d's ACK went to the crashed relay: an honest verdict says delivered
    // or TIMEOUT (not confirmed), never UNREACHABLE (d stayed reachable through c)
    Delivery inFlight = sent.get("s10").join();
    System.out.println("verdict of s10, forwarded just before the relay crashed: " + inFlight);
    assertThat(inFlight.delivered().isEmpty()
        ? inFlight.failed().equals(Map.of("d", io.meshage.Failure.TIMEOUT))
        : inFlight.delivered().equals(Set.of("d")) && inFlight.failed().isEmpty())
        .as("verdict of s10: %s", inFlight).isTrue();
    assertThat(atD.values()).allMatch(n -> n == 1);
    assertThat(routes).contains("s10 a>b>d", "s29 a>c>d");
    assertThat(sim.node("d").stats().get(Counter.DATA_DUPLICATES)).isGreaterThanOrEqualTo(11);
  }

  private static void send(Simulation sim, Map<String, CompletableFuture<Delivery>> sent,
      Map<String, Set<String>> targets, String from, String body, Set<String> to) {
    sent.put(body, sim.node(from).setAsync(new ArrayList<>(to), body));
    targets.put(body, to);
  }

  /** Every send delivered to all its targets, each of which handled it exactly once. */
  private static void assertExactlyOnce(Simulation sim, Map<String, Map<String, Integer>> seen,
      Map<String, CompletableFuture<Delivery>> sent, Map<String, Set<String>> targets) {
    int deliveries = 0;
    for (Map.Entry<String, CompletableFuture<Delivery>> e : sent.entrySet()) {
      String body = e.getKey();
      Delivery d = e.getValue().join();
      assertThat(d.failed()).as("seed %d: verdict of %s", sim.seed(), body).isEmpty();
      assertThat(d.delivered()).as("seed %d: %s", sim.seed(), body).isEqualTo(targets.get(body));
      for (String n : targets.get(body)) {
        assertThat(seen.get(n).get(body)).as("seed %d: %s handled at %s", sim.seed(), body, n)
            .isEqualTo(1);
        deliveries++;
      }
    }
    for (Map.Entry<String, Map<String, Integer>> e : seen.entrySet()) {
      assertThat(e.getValue().values()).as("seed %d: handled more than once at %s", sim.seed(), e.getKey())
          .allMatch(n -> n == 1);
    }
    assertThat(deliveries).isGreaterThan(40);
  }
}
