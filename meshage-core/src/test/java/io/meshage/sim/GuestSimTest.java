package io.meshage.sim;

import io.meshage.Seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Delivery;
import io.meshage.MeshConfig;
import io.meshage.MeshNode;
import io.meshage.Message;
import io.meshage.rpc.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A guest links to the mesh, sends and gets replies, but is never listed, relayed through, broadcast to or picked. */
@Timeout(60)
class GuestSimTest {
  /** Echoes its argument (the RPC method of the test). */
  public static final class Echo {
    public String echo(String s) {
      return s + " back";
    }
  }

  private static Simulation meshWithGuest(long seed) {
    Simulation sim = new Simulation(Seeds.scenario(seed));
    for (int i = 0; i < 4; i++) {
      MeshNode m = sim.addNode(MeshConfig.builder("m" + i).degree(2).discoveryPort(9000)
          .broadcastAddress("127.255.255.255").build());
      m.rpc().register(new Echo());
      m.commands().handleCommand(10_001, (req, sender) -> Map.of("hello", sender));
    }
    assertThat(sim.runUntil(() -> sim.liveNodes().stream().map(sim::node).toList().stream().allMatch(x -> x.broadcastRecipients().size() == 3),
        Duration.ofSeconds(30))).isTrue();
    MeshNode g = sim.addNode(MeshConfig.builder("g").guest(true).build());
    CompletableFuture<String> linked = g.dialAsync(sim.node("m1").listenAddress());
    assertThat(sim.runUntil(() -> linked.isDone() && g.broadcastRecipients().size() == 4, Duration.ofSeconds(5)))
        .isTrue();
    assertThat(linked.join()).isEqualTo("m1");
    sim.runFor(Duration.ofMillis(500));
    return sim;
  }

  @Test
  void aGuestSendsRequestsRpcsAndMessagesAndGetsReplies() {
    Simulation sim = meshWithGuest(71);
    MeshNode g = sim.node("g");
    List<Message> atM3 = new CopyOnWriteArrayList<>();
    sim.node("m3").onMessage(atM3::add);
    CompletableFuture<Delivery> sent = g.setAsync(List.of("m3"), "from a guest");
    CompletableFuture<Map<String, Object>> reply = g.commands().sendRequest(10_001, "m2", Map.of());
    CompletableFuture<List<Response<String>>> rpc =
        g.rpc().callAsync(List.of(), "Echo.echo", "hi", String.class);
    assertThat(sim.runUntil(() -> sent.isDone() && reply.isDone() && rpc.isDone(), Duration.ofSeconds(5))).isTrue();
    assertThat(sent.join().isComplete()).isTrue();
    assertThat(atM3).extracting(Message::body).containsExactly("from a guest");
    assertThat(reply.join()).containsEntry("hello", "g");
    assertThat(rpc.join()).hasSize(4).allMatch(r -> "hi back".equals(r.value()));
  }

  @Test
  void membersNeverListRouteThroughBroadcastToOrPickAGuest() {
    Simulation sim = meshWithGuest(72);
    for (String m : List.of("m0", "m1", "m2", "m3")) {
      MeshNode n = sim.node(m);
      assertThat(n.mesh()).as(m).doesNotContainKey("g");
      assertThat(n.mesh().values()).as(m).noneMatch(s -> s.contains("g"));
      assertThat(n.broadcastRecipients()).as(m).doesNotContain("g");
      assertThat(n.cluster().nodesByType("default")).as(m).doesNotContain("g").hasSize(4);
      for (int i = 0; i < 20; i++) {
        assertThat(n.cluster().randomNodeByType("default")).isNotEqualTo(java.util.Optional.of("g"));
      }
    }
    List<Message> atG = new CopyOnWriteArrayList<>();
    sim.node("g").onMessage(atG::add);
    CompletableFuture<Delivery> b = sim.node("m1").broadcastAsync("all members");
    CompletableFuture<List<Response<String>>> all =
        sim.node("m0").rpc().callAsync(List.of(), "Echo.echo", "x", String.class);
    assertThat(sim.runUntil(() -> b.isDone() && all.isDone(), Duration.ofSeconds(5))).isTrue();
    sim.runFor(Duration.ofMillis(200));
    assertThat(b.join().delivered()).containsExactlyInAnyOrder("m0", "m2", "m3");
    assertThat(b.join().isComplete()).isTrue();
    assertThat(all.join()).extracting(Response::from).containsExactly("m1", "m2", "m3");
    assertThat(atG).isEmpty();

    // a guest accepts no links and links through one member only: it is a leaf, never a relay
    CompletableFuture<String> in = sim.node("m3").dialAsync(sim.node("g").listenAddress());
    CompletableFuture<String> second = sim.node("g").dialAsync(sim.node("m2").listenAddress());
    assertThat(sim.runUntil(() -> in.isDone() && second.isDone(), Duration.ofSeconds(5))).isTrue();
    assertThat(in).isCompletedExceptionally();
    assertThat(second).isCompletedExceptionally();
    assertThat(sim.node("g").neighbors()).containsExactly("m1");
    assertThatThrownBy(() -> sim.node("g").setDegree(2)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aGuestConfigRefusesDegreeAndDiscovery() {
    assertThatThrownBy(() -> MeshConfig.builder("g").guest(true).degree(3).build())
        .hasMessageContaining("guest").hasMessageContaining("degree");
    assertThatThrownBy(() -> MeshConfig.builder("g").guest(true).discoveryPort(9000).build())
        .hasMessageContaining("discoveryPort");
    assertThat(MeshConfig.builder("g").guest(true).build().toBuilder().build().guest()).isTrue();
  }
}
