package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshage.internal.facade.Freezing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real sockets on loopback: discovery, convergence, crash and freeze detection. */
@Timeout(60)
class TcpMeshTest {
  @Test
  void twelveNodesDiscoverConvergeAndDropKilledAndFrozenNodes() throws Exception {
    try (LoopbackMesh mesh = new LoopbackMesh(true)) {
      List<MeshNode> nodes = new ArrayList<>();
      Set<String> names = new TreeSet<>();
      for (int i = 0; i < 12; i++) {
        nodes.add(mesh.start(String.format("t%02d", i), 3));
        names.add(String.format("t%02d", i));
      }
      long lastStart = System.nanoTime();
      boolean ok = mesh.await(() -> LoopbackMesh.agree(nodes, names), Duration.ofSeconds(20));
      long convergeMs = (System.nanoTime() - lastStart) / 1_000_000;
      assertThat(ok).as("views: %s", nodes.get(0).mesh()).isTrue();
      System.out.println("12 TCP nodes converged " + convergeMs + " ms after the last start");
      for (MeshNode n : nodes) {
        assertThat(n.neighbors().size()).isBetween(1, 3);
      }

      MeshNode killed = nodes.get(3);
      MeshNode frozen = nodes.get(7);
      List<MeshNode> survivors = new ArrayList<>(nodes);
      survivors.remove(killed);
      survivors.remove(frozen);
      Set<String> rest = new TreeSet<>(names);
      rest.remove(killed.name());
      long t0 = System.nanoTime();
      killed.close();
      ok = mesh.await(() -> survivors.stream().allMatch(n -> !n.mesh().containsKey(killed.name())),
          Duration.ofSeconds(2));
      long killMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ok).isTrue();
      System.out.println("killed node dropped by every survivor within " + killMs + " ms");

      CountDownLatch release = new CountDownLatch(1);
      try {
        t0 = System.nanoTime();
        Freezing.freeze(frozen, release);
        ok = mesh.await(() -> survivors.stream().allMatch(n -> !n.mesh().containsKey(frozen.name())),
            Duration.ofMillis(1000 + 1000));
        long freezeMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ok).isTrue();
        System.out.println("frozen node dropped by every survivor within " + freezeMs + " ms");
      } finally {
        release.countDown();
      }
    }
  }
}
