package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.rpc.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A guest on real sockets: it links to a member, sends and gets replies; members never list it nor broadcast to it. */
@Timeout(60)
class GuestTcpTest {
  /** Echoes its argument. */
  public static final class Echo {
    public String echo(String s) {
      return s + " back";
    }
  }

  @Test
  void aGuestTalksToTheMeshButIsNotPartOfIt() throws Exception {
    try (LoopbackMesh lm = new LoopbackMesh(false)) {
      MeshNode a = lm.start("ga", 0);
      MeshNode b = lm.start("gb", 0);
      a.dial("127.0.0.1:" + b.listenAddress().getPort());
      b.rpc().register(new Echo());
      b.commands().handleCommand(10_001, (req, sender) -> Map.of("hello", sender));
      MeshNode g = lm.start(lm.config("guest").guest(true));
      assertThat(g.dial("127.0.0.1:" + a.listenAddress().getPort())).isEqualTo("ga");
      assertThat(lm.await(() -> g.broadcastRecipients().size() == 2 && b.cluster().node("guest").isPresent(),
          Duration.ofSeconds(10))).isTrue();

      assertThat(g.set(List.of("gb"), "hello from a guest").isComplete()).isTrue();
      assertThat(g.commands().sendRequest(10_001, "gb", Map.of()).get(10, TimeUnit.SECONDS))
          .containsEntry("hello", "guest");
      List<Response<String>> rs = g.rpc().call(List.of("gb"), "Echo.echo", "hi", String.class);
      assertThat(rs.get(0).value()).isEqualTo("hi back");

      for (MeshNode m : List.of(a, b)) {
        assertThat(m.mesh()).doesNotContainKey("guest");
        assertThat(m.broadcastRecipients()).doesNotContain("guest");
        assertThat(m.cluster().nodesByType("default")).containsExactlyInAnyOrder("ga", "gb");
      }
      CompletableFuture<Message> atGuest = new CompletableFuture<>();
      g.onMessage(atGuest::complete);
      Delivery d = b.broadcast("members only");
      assertThat(d.delivered()).containsExactly("ga");
      assertThat(d.isComplete()).isTrue();
      assertThat(atGuest).isNotDone();
    }
  }
}
