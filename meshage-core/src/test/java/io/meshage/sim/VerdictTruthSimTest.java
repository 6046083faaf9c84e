package io.meshage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 30: UNREACHABLE means "never reached a link toward the recipient". Under seeded schedules
 * of crashes, restarts, freezes and cut links with traffic throughout, no recipient reported
 * UNREACHABLE got the message, none reported delivered missed it, and a message handed on and
 * then lost with its route ends UNCONFIRMED.
 */
@Timeout(120)
class VerdictTruthSimTest {
  private static final int NODES = 8;

  @RepeatedTest(5)
  void unreachableIsNeverSaidOfAMessageThatArrived(RepetitionInfo rep) {
    long seed = Seeds.scenario(30_000L + rep.getCurrentRepetition());
    Random random = new Random(seed);
    Simulation sim = new Simulation(seed);
    List<String> names = new ArrayList<>();
    Map<String, Set<String>> received = new HashMap<>();
    for (int i = 0; i < NODES; i++) {
      String n = "v" + i;
      names.add(n);
      received.put(n, new HashSet<>());
      listen(sim.addNode(MeshConfig.builder(n).degree(3).discoveryPort(9000).broadcastAddress("127.255.255.255")
          .ackTimeout(Duration.ofSeconds(4)).build()), received.get(n));
    }
    assertThat(sim.runUntil(() -> Truth.converged(sim) && sim.node("v0").mesh().size() == NODES,
        Duration.ofMillis(50), Duration.ofSeconds(30))).as("seed %d formed", seed).isTrue();
    Map<String, List<String>> sentTo = new HashMap<>();
    Map<String, CompletableFuture<Delivery>> verdicts = new HashMap<>();
    Map<String, String> senders = new HashMap<>();
    Set<String> down = new HashSet<>();
    for (int step = 0; step < 600; step++) { // 12 s of 20 ms steps
      String from = names.get(random.nextInt(NODES));
      if (!down.contains(from)) {
        List<String> to = new ArrayList<>();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          String r = names.get(random.nextInt(NODES));
          if (!r.equals(from) && !to.contains(r)) {
            to.add(r);
          }
        }
        if (!to.isEmpty()) {
          String body = "m" + step;
          sentTo.put(body, to);
          verdicts.put(body, sim.node(from).setAsync(to, body));
          senders.put(body, from);
        }
      }
      String lastTo = sentTo.containsKey("m" + step) ? sentTo.get("m" + step).get(0) : null;
      if (step % 25 == 0) {
        String victim = names.get(random.nextInt(NODES));
        if (lastTo != null && !down.contains(lastTo) && random.nextBoolean()) {
          // the chaos run's case: the recipient dies or freezes just after the message reached it
          victim = lastTo;
          sim.runFor(Duration.ofMillis(1 + random.nextInt(5)));
        }
        switch (random.nextInt(4)) {
          case 0 -> {
            if (down.add(victim)) {
              sim.kill(victim);
              // a crashed origin gives no verdict on what it still waited for
              String dead = victim;
              verdicts.entrySet().removeIf(v -> senders.get(v.getKey()).equals(dead) && !v.getValue().isDone());
            } else {
              down.remove(victim);
              listen(sim.restart(victim), received.get(victim));
            }
          }
          case 1 -> sim.faults(victim).freeze();
          case 2 -> sim.faults(victim).unfreeze();
          default -> {
            MeshNode n = sim.node(victim);
            if (!down.contains(victim) && !n.neighbors().isEmpty()) {
              sim.cut(victim, new ArrayList<>(n.neighbors()).get(0));
            }
          }
        }
      }
      sim.runFor(Duration.ofMillis(20));
    }
    for (String n : names) {
      if (!down.contains(n)) {
        sim.faults(n).unfreeze();
      }
    }
    assertThat(sim.runUntil(() -> verdicts.values().stream().allMatch(CompletableFuture::isDone),
        Duration.ofMillis(100), Duration.ofSeconds(30))).as("seed %d: every send has a verdict", seed).isTrue();
    sim.runFor(Duration.ofSeconds(1));
    Map<Failure, Integer> counts = new EnumMap<>(Failure.class);
    int delivered = 0;
    for (Map.Entry<String, CompletableFuture<Delivery>> e : verdicts.entrySet()) {
      Delivery d = e.getValue().join();
      for (String r : d.delivered()) {
        assertThat(received.get(r)).as("seed %d: %s reported delivered to %s", seed, e.getKey(), r)
            .contains(e.getKey());
        delivered++;
      }
      for (Map.Entry<String, Failure> f : d.failed().entrySet()) {
        counts.merge(f.getValue(), 1, Integer::sum);
        if (f.getValue() == Failure.UNREACHABLE) {
          assertThat(received.get(f.getKey())).as("seed %d: %s UNREACHABLE at %s but received", seed, e.getKey(),
              f.getKey()).doesNotContain(e.getKey());
        }
      }
    }
    System.out.printf("verdict truth seed %d: %d delivered, %s%n", seed, delivered, counts);
    assertThat(counts.getOrDefault(Failure.UNCONFIRMED, 0) + counts.getOrDefault(Failure.UNREACHABLE, 0))
        .as("seed %d: the schedule lost messages", seed).isPositive();
  }

  /** The chaos run's 0.65%: the recipient froze right after it got the message, before its ACK left. */
  @org.junit.jupiter.api.Test
  void aRecipientThatFreezesAfterReceivingIsReportedUnconfirmedNotUnreachable() {
    Simulation sim = new Simulation(Seeds.scenario(30));
    for (String n : List.of("a", "b", "c")) {
      sim.addNode(MeshConfig.builder(n).degree(0).ackTimeout(Duration.ofSeconds(20)).build());
    }
    FaultInjectionSimTest.dial(sim, "a", "b");
    FaultInjectionSimTest.dial(sim, "b", "c");
    assertThat(sim.runUntil(() -> sim.node("a").mesh().size() == 3, Duration.ofSeconds(5))).isTrue();
    Set<String> got = new HashSet<>();
    sim.node("c").onMessage(m -> {
      got.add((String) m.body());
      sim.faults("c").freeze(); // its ACK never leaves
    });
    long start = sim.nanoTime();
    CompletableFuture<Delivery> f = sim.node("a").setAsync(List.of("c"), "hello");
    assertThat(sim.runUntil(f::isDone, Duration.ofSeconds(10))).isTrue();
    assertThat(got).containsExactly("hello");
    assertThat(f.join().failed()).isEqualTo(Map.of("c", Failure.UNCONFIRMED));
    assertThat(sim.nanoTime() - start).as("as soon as the route vanished, not at the 20 s ACK timeout")
        .isLessThan(Duration.ofSeconds(4).toNanos());
  }

  private static void listen(MeshNode n, Set<String> into) {
    n.onMessage(m -> into.add((String) m.body()));
  }
}
