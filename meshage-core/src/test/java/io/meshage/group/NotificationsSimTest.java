package io.meshage.group;

import io.meshage.Seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.MeshConfig;
import io.meshage.Subscription;
import io.meshage.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The notification service on the simulator: every node's sinks, once per id, kept for the TTL. */
@Timeout(60)
class NotificationsSimTest {
  private static Simulation mesh(int n, long seed) {
    Simulation sim = new Simulation(Seeds.scenario(seed));
    for (int i = 0; i < n; i++) {
      sim.addNode(MeshConfig.builder("n" + i).degree(2).discoveryPort(9000)
          .broadcastAddress("127.255.255.255").build());
    }
    assertThat(sim.runUntil(() -> sim.liveNodes().stream().map(sim::node).toList().stream()
        .allMatch(x -> x.broadcastRecipients().size() == n - 1), Duration.ofSeconds(30))).isTrue();
    return sim;
  }

  @Test
  void everyNodeGetsEachNotificationOnceEvenFromSeveralServices() {
    Simulation sim = mesh(5, 81);
    Map<String, List<String>> got = new ConcurrentHashMap<>();
    for (String n : sim.liveNodes()) {
      List<String> l = new CopyOnWriteArrayList<>();
      got.put(n, l);
      sim.node(n).notifications().onNotification(x -> l.add(x.name() + "/" + x.id() + "/" + x.ver() + "/"
          + x.cmd() + "/" + new String(x.message(), StandardCharsets.UTF_8)));
    }
    // two nodes run the same service (as Diarkis asks of every server): ids 1, 1, 2, 2, 3, 3 ... from each
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    Subscription sa = sim.node("n0").notifications().start("news", Duration.ofSeconds(1),
        () -> Notification.of("id" + (a.incrementAndGet() + 1) / 2, 1, 7, "hi".getBytes(StandardCharsets.UTF_8),
            Duration.ofMinutes(1)));
    Subscription sb = sim.node("n3").notifications().start("news", Duration.ofSeconds(1),
        () -> b.get() >= 2 ? null : Notification.of("id" + b.incrementAndGet(), 1, 7,
            "hi".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(1)));
    sim.runFor(Duration.ofMillis(6500));
    sa.close();
    sb.close();
    sim.runFor(Duration.ofSeconds(3));
    for (Map.Entry<String, List<String>> e : got.entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).containsExactlyInAnyOrder(
          "news/id1/1/7/hi", "news/id2/1/7/hi", "news/id3/1/7/hi");
    }
    assertThat(a.get()).as("closed after six ticks").isEqualTo(6);
  }

  @Test
  void aLateSinkGetsTheLiveOnesUntilTheirTtlEnds() {
    Simulation sim = mesh(3, 82);
    AtomicInteger calls = new AtomicInteger();
    Subscription s = sim.node("n0").notifications().start("once", Duration.ofMillis(500),
        () -> calls.incrementAndGet() == 1 ? Notification.of("only", 0, 1, new byte[] {9}, Duration.ofSeconds(5)) : null);
    sim.runFor(Duration.ofSeconds(1));
    assertThat(sim.node("n2").notifications().live()).extracting(Notification::id).containsExactly("only");
    List<Notification> late = new CopyOnWriteArrayList<>();
    sim.node("n2").notifications().onNotification(late::add);
    sim.runFor(Duration.ofMillis(10));
    assertThat(late).extracting(Notification::id).containsExactly("only");
    assertThat(late.get(0).message()).containsExactly(9);
    sim.runFor(Duration.ofSeconds(5));
    List<Notification> later = new CopyOnWriteArrayList<>();
    sim.node("n2").notifications().onNotification(later::add);
    sim.runFor(Duration.ofMillis(10));
    assertThat(later).isEmpty();
    assertThat(sim.node("n1").notifications().live()).isEmpty();
    assertThatThrownBy(() -> sim.node("n0").notifications().start("once", Duration.ofSeconds(1), () -> null))
        .isInstanceOf(IllegalStateException.class);
    s.close();
    assertThatThrownBy(() -> Notification.of("", 0, 0, new byte[0], Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Notification.of("x", 256, 0, new byte[0], Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
