package io.meshage.sim;

import io.meshage.Seeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.Delivery;
import io.meshage.Failure;
import io.meshage.MeshConfig;
import io.meshage.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A message that reaches a node before any handler listens (a program registers its handler after
 * start, when the node may already be linked) is held for the first handler, not ACKed and lost;
 * past the hold's bound it is REJECTED, so DELIVERED always means a handler gets it.
 */
@Timeout(60)
class HeldMessagesSimTest {
  private static Simulation pair(long seed) {
    Simulation sim = new Simulation(Seeds.scenario(seed));
    for (String n : List.of("h0", "h1")) {
      sim.addNode(MeshConfig.builder(n).degree(1).discoveryPort(9000).broadcastAddress("127.255.255.255").build());
    }
    assertThat(sim.runUntil(() -> sim.node("h0").broadcastRecipients().contains("h1")
        && sim.node("h1").broadcastRecipients().contains("h0"), Duration.ofSeconds(30))).isTrue();
    return sim;
  }

  private static List<Delivery> send(Simulation sim, int count, String prefix) {
    List<CompletableFuture<Delivery>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(sim.node("h0").setAsync(List.of("h1"), prefix + i));
    }
    assertThat(sim.runUntil(() -> all.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(20))).isTrue();
    return all.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void messagesBeforeTheFirstHandlerReachItWhenItRegisters() {
    Simulation sim = pair(61);
    List<Delivery> early = send(sim, 5, "early-");
    assertThat(early).allMatch(Delivery::isComplete);
    List<Object> got = new CopyOnWriteArrayList<>();
    sim.node("h1").onMessage(m -> got.add(m.body()));
    sim.runFor(Duration.ofMillis(10));
    assertThat(got).containsExactlyInAnyOrder("early-0", "early-1", "early-2", "early-3", "early-4");
    send(sim, 2, "late-");
    // after the held ones; between themselves in no promised order (handler tasks at one virtual
    // time run in the simulation's seeded tie-break order)
    assertThat(got).hasSize(7);
    assertThat(got.subList(5, 7)).containsExactlyInAnyOrder("late-0", "late-1");
  }

  @Test
  void pastTheHoldsBoundAMessageIsRejectedNotAckedAndLost() {
    Simulation sim = pair(62);
    List<Delivery> all = new ArrayList<>();
    for (int batch = 0; batch < 3; batch++) {
      all.addAll(send(sim, 400, "b" + batch + "-"));
    }
    long delivered = all.stream().filter(Delivery::isComplete).count();
    long rejected = all.stream().filter(d -> d.failed().get("h1") == Failure.REJECTED).count();
    assertThat(delivered).isEqualTo(1024);
    assertThat(rejected).isEqualTo(1200 - 1024);
    List<Message> got = new CopyOnWriteArrayList<>();
    sim.node("h1").onMessage(got::add);
    sim.runFor(Duration.ofMillis(10));
    assertThat(got).as("every DELIVERED one, none of the REJECTED").hasSize(1024);
  }
}
