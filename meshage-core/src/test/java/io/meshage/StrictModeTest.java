package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.internal.codec.BodyCodec;
import io.meshage.internal.codec.Frame;
import io.meshage.routing.Lollipop;
import io.meshage.routing.Msa;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Strict mode on real sockets, driven by a raw peer that is a legitimate neighbour but lies: data
 * of an origin outside the topology, and an MSA of another neighbour. The same frames get through
 * without strict mode, so the checks can fail.
 */
@Timeout(60)
class StrictModeTest {
  @Test
  void strictNodeDropsForeignOriginsAndNeighbourMsasRelayedByOthers() throws Exception {
    assertThat(run(true)).isEqualTo(List.of("from r"));
  }

  @Test
  void withoutStrictModeTheSameFramesGetThrough() throws Exception {
    assertThat(run(false)).containsExactlyInAnyOrder("from ghost", "from r");
  }

  /** Returns the message bodies the node delivered. */
  private static List<Object> run(boolean strict) throws Exception {
    String p = strict ? "st" : "ns";
    try (LoopbackMesh mesh = new LoopbackMesh(false)) {
      MeshNode n = mesh.start(mesh.config(p + "-n").strict(strict).degree(0).keepaliveTimeout(Duration.ofSeconds(20)));
      MeshNode m = mesh.start(mesh.config(p + "-m").degree(0));
      m.dial("127.0.0.1:" + n.listenAddress().getPort());
      List<Object> got = new CopyOnWriteArrayList<>();
      n.onMessage(x -> got.add(x.body()));
      try (RawPeer r = RawPeer.handshake(n, p + "-r")) {
        r.announce(Set.of(p + "-n"));
        assertThat(mesh.await(() -> n.mesh().containsKey(p + "-r") && n.mesh().containsKey(p + "-m"), Duration.ofSeconds(10)))
            .isTrue();
        Set<String> mNeighbours = n.mesh().get(p + "-m");
        r.send(new Frame.Data(Frame.SET, Frame.USER, "ghost", 9, 1, List.of("ghost"), List.of(p + "-n"),
            BodyCodec.STRING, "from ghost".getBytes(StandardCharsets.UTF_8)));
        r.send(new Frame.MsaFrame(new Msa(p + "-m", m.instance() + 1, Lollipop.first(), Set.of(p + "-r"), Map.of())));
        r.send(r.data(Frame.SET, 2, List.of(p + "-n"), "from r"));
        assertThat(mesh.await(() -> got.contains("from r"), Duration.ofSeconds(10))).isTrue();
        if (strict) {
          assertThat(n.stats().get(Counter.STRICT_REJECTED)).isGreaterThanOrEqualTo(2);
          assertThat(n.mesh().get(p + "-m")).isEqualTo(mNeighbours);
        } else {
          assertThat(mesh.await(() -> got.contains("from ghost"), Duration.ofSeconds(10))).isTrue();
          assertThat(n.stats().get(Counter.STRICT_REJECTED)).isZero();
        }
      }
      return List.copyOf(got);
    }
  }
}
