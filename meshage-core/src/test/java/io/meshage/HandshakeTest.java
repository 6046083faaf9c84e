package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Handshake rules on real sockets: self, duplicates, namespaces, simultaneous dials. */
@Timeout(60)
class HandshakeTest {
  private static String addr(MeshNode n) {
    return "127.0.0.1:" + n.listenAddress().getPort();
  }

  @Test
  void refusesSelfAndDuplicateNames() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode a = mesh.start("hs-a", 0);
      MeshNode twin = mesh.start("hs-a", 0);
      assertThatThrownBy(() -> a.dial(addr(a))).isInstanceOf(IOException.class)
          .hasMessageContaining("self");
      // Issue 30: of two lone instances of one name, the older keeps it and the other stops.
      MeshNode older = a.instance() < twin.instance() ? a : twin;
      MeshNode younger = older == a ? twin : a;
      assertThatThrownBy(() -> older.dial(addr(younger))).isInstanceOf(IOException.class)
          .hasMessageContaining("name conflict");
      assertThat(mesh.await(() -> younger.conflict().isPresent(), Duration.ofSeconds(5))).isTrue();
      assertThat(older.conflict()).isEmpty();
      assertThat(a.neighbors()).isEmpty();
      assertThat(a.stats().get(Counter.HANDSHAKE_REFUSED)).isPositive();
    }
  }

  @Test
  void manualDialIgnoresNamespaceButDiscoveryDoesNot() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(true)) {
      MeshNode a = mesh.start(mesh.config("ns-a").namespace("red").degree(2));
      MeshNode b = mesh.start(mesh.config("ns-b").namespace("blue").degree(2));
      MeshNode c = mesh.start(mesh.config("ns-c").namespace("red").degree(2));
      assertThat(mesh.await(() -> a.neighbors().contains("ns-c"), Duration.ofSeconds(10))).isTrue();
      assertThat(a.neighbors()).doesNotContain("ns-b");
      assertThat(b.neighbors()).isEmpty();
      assertThat(a.dial(addr(b))).isEqualTo("ns-b");
      assertThat(mesh.await(() -> LoopbackMesh.agree(List.of(a, b, c), Set.of("ns-a", "ns-b", "ns-c")),
          Duration.ofSeconds(10))).isTrue();
      assertThat(a.hangup("ns-b")).isTrue();
      assertThat(a.hangup("ns-b")).isFalse();
      assertThat(mesh.await(() -> !a.mesh().containsKey("ns-b") && b.neighbors().isEmpty(),
          Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void simultaneousDialsLeaveExactlyOneLink() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      for (int round = 0; round < 5; round++) {
        MeshNode a = mesh.start("sim-a" + round, 0);
        MeshNode b = mesh.start("sim-b" + round, 0);
        CompletableFuture<String> ab = a.dialAsync(b.listenAddress());
        CompletableFuture<String> ba = b.dialAsync(a.listenAddress());
        CompletableFuture.allOf(ab, ba).handle((x, e) -> null).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(mesh.await(() -> a.neighbors().equals(Set.of(b.name()))
            && b.neighbors().equals(Set.of(a.name()))
            && a.mesh().size() == 2 && b.mesh().size() == 2, Duration.ofSeconds(5))).isTrue();
        long opened = a.stats().get(Counter.LINKS_OPENED) - a.stats().get(Counter.LINKS_CLOSED);
        assertThat(opened).isEqualTo(1);
        Delivery d = a.set(List.of(b.name()), "one link");
        assertThat(d.isComplete()).as("%s", d).isTrue();
      }
    }
  }
}
