package io.meshage.sim;

import io.meshage.Seeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Counter;
import io.meshage.Delivery;
import io.meshage.MeshConfig;
import io.meshage.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** meshage's Send(*Message), MSA() and the source's instance in Message, on the simulator. */
@Timeout(60)
class PreparedMessagesSimTest {
  private static Simulation mesh(int n, long seed) {
    Simulation sim = new Simulation(Seeds.scenario(seed));
    for (int i = 0; i < n; i++) {
      sim.addNode(MeshConfig.builder("p" + i).degree(2).discoveryPort(9000)
          .broadcastAddress("127.255.255.255").build());
    }
    assertThat(sim.runUntil(() -> sim.liveNodes().stream().map(sim::node).toList().stream()
        .allMatch(x -> x.broadcastRecipients().size() == n - 1), Duration.ofSeconds(30))).isTrue();
    return sim;
  }

  @Test
  void aPreparedOrReceivedMessageIsSentAndCarriesTheSourceInstance() {
    Simulation sim = mesh(4, 51);
    List<Message> at3 = new CopyOnWriteArrayList<>();
    List<Message> at1 = new CopyOnWriteArrayList<>();
    sim.node("p3").onMessage(at3::add);
    sim.node("p1").onMessage(at1::add);
    CompletableFuture<Delivery> d = sim.node("p0").send(Message.to(List.of("p3"), "hello"));
    assertThat(sim.runUntil(d::isDone, Duration.ofSeconds(5))).isTrue();
    assertThat(d.join().isComplete()).isTrue();
    Message got = at3.get(0);
    assertThat(got.source()).isEqualTo("p0");
    assertThat(got.instance()).isEqualTo(sim.node("p0").instance()).isNotZero();

    // a received body sent on by another node, and a prepared broadcast
    CompletableFuture<Delivery> again = sim.node("p2").send(Message.to(List.of("p1"), got.body()));
    CompletableFuture<Delivery> all = sim.node("p2").send(Message.toAll("everyone"));
    assertThat(sim.runUntil(() -> again.isDone() && all.isDone(), Duration.ofSeconds(5))).isTrue();
    assertThat(all.join().delivered()).containsExactlyInAnyOrder("p0", "p1", "p3");
    assertThat(at1).extracting(Message::body).containsExactlyInAnyOrder("hello", "everyone");
    assertThat(at1).allMatch(m -> m.instance() == sim.node("p2").instance());
    assertThatThrownBy(() -> Message.to(List.of(), "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void announceNowSendsAnMsaWithinTheRateLimitNotThePeriod() {
    // alone and with a long period: no link change nor refresh originates an MSA meanwhile
    Simulation sim = new Simulation(Seeds.scenario(52));
    sim.addNode(MeshConfig.builder("p0").degree(0).discoveryPort(0).msaPeriod(Duration.ofMinutes(1)).build());
    sim.runFor(Duration.ofSeconds(2));
    long before = sim.node("p0").stats().get(Counter.MSA_ORIGINATED);
    Duration limit = sim.node("p0").config().msaMinInterval();
    sim.node("p0").announceNow();
    sim.runFor(Duration.ofMillis(1));
    assertThat(sim.node("p0").stats().get(Counter.MSA_ORIGINATED)).as("at once").isEqualTo(before + 1);
    sim.node("p0").announceNow();
    sim.node("p0").announceNow();
    sim.runFor(Duration.ofMillis(1));
    assertThat(sim.node("p0").stats().get(Counter.MSA_ORIGINATED)).as("rate limited").isEqualTo(before + 1);
    sim.runFor(limit);
    assertThat(sim.node("p0").stats().get(Counter.MSA_ORIGINATED)).as("two calls, one MSA").isEqualTo(before + 2);
    sim.runFor(limit.multipliedBy(3));
    assertThat(sim.node("p0").stats().get(Counter.MSA_ORIGINATED)).isEqualTo(before + 2);
  }
}
